package dev.stagegraph.bench;

import java.util.concurrent.locks.LockSupport;

/**
 * Releases frames at a fixed rate: frame {@code i} no earlier than {@code i / fps} seconds after
 * frame 0. Deadlines are absolute, so a late wake-up does not slow the rate down. Confined to one
 * thread.
 */
final class Pacer {
    private final long intervalNanos;
    private long startNanos;

    Pacer(double fps) {
        this.intervalNanos = Math.round(1e9 / fps);
    }

    /** Parks until frame {@code i} is due; the first call starts the clock. */
    void awaitFrame(long i) {
        if (i == 0 || startNanos == 0) {
            startNanos = System.nanoTime();
        }
        long deadline = startNanos + i * intervalNanos;
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }
}
