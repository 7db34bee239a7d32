package dev.stagegraph.runtime;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The time a run's teardown may take: until {@link #loops()} for the runtime's loops to return by
 * themselves, a grace after their interrupt, and a grace for the closes after that. Another thread
 * may {@link #tighten} it while a teardown waits (an {@code abort(100 ms)} while {@code await()}
 * tears down with the 5 s stop timeout): every wait here is sliced and re-reads the deadline, so
 * the tighter one wins within a few milliseconds. Waits are not interruptible: an interrupt is
 * remembered and restored by {@link #restoreInterrupt()}, so a teardown always finishes, bounded.
 *
 * <p>The bounds are volatile, any thread may tighten them; the waits and the interrupt memory
 * belong to the one thread tearing down (the run's lock is held).
 */
final class Deadline {
    private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long MAX_GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Durations longer than this (about 146 years) are taken as this: deadlines never overflow. */
    private static final long LONGEST_NANOS = Long.MAX_VALUE / 4;

    private volatile long at = Long.MAX_VALUE;
    private volatile long grace = MAX_GRACE_NANOS;
    private volatile long loopsEndedAt;
    private boolean interrupted;

    /**
     * A timeout given to {@code abort} or a stop timeout, in nanoseconds, checked before anything
     * is stopped.
     *
     * @throws NullPointerException if {@code timeout} is {@code null}
     * @throws IllegalArgumentException if it is negative
     */
    static long nanos(Duration timeout, String what) {
        if (timeout == null) {
            throw new NullPointerException(what + " needs a timeout: pass how long to wait for the stages, e.g. Duration.ofSeconds(5)");
        }
        if (timeout.isNegative()) {
            throw new IllegalArgumentException(what + " needs a timeout of zero or more, was " + timeout);
        }
        return timeout.compareTo(Duration.ofNanos(LONGEST_NANOS)) > 0 ? LONGEST_NANOS : timeout.toNanos();
    }

    /** Makes the deadline {@code timeoutNanos} from now, unless it is already sooner. */
    synchronized void tighten(long timeoutNanos) {
        long until = System.nanoTime() + Math.min(timeoutNanos, LONGEST_NANOS);
        if (until - at < 0 || at == Long.MAX_VALUE) {
            at = until;
        }
        grace = Math.min(grace, Math.max(TimeUnit.MILLISECONDS.toNanos(1), Math.min(timeoutNanos, MAX_GRACE_NANOS)));
    }

    long loops() {
        return at;
    }

    long afterInterrupt() {
        return at + grace;
    }

    /** Marks the end of the loops' phase; the closes get a grace from then (or from the deadline). */
    void loopsEnded() {
        loopsEndedAt = System.nanoTime();
    }

    long closes() {
        long from = loopsEndedAt - at > 0 ? loopsEndedAt : at;
        return from + grace;
    }

    /** Waits until the latch opens or the time {@code until} gives (a {@link System#nanoTime()} value) passes. */
    boolean await(CountDownLatch latch, LongSupplier until) {
        while (true) {
            long left = until.getAsLong() - System.nanoTime();
            try {
                if (latch.await(Math.max(0, Math.min(left, SLICE_NANOS)), TimeUnit.NANOSECONDS)) {
                    return true;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
            if (left <= 0) {
                return latch.getCount() == 0;
            }
        }
    }

    /** Waits until the thread ends or the time {@code until} gives passes. */
    boolean join(Thread t, LongSupplier until) {
        while (t.isAlive()) {
            long left = until.getAsLong() - System.nanoTime();
            if (left <= 0) {
                return !t.isAlive();
            }
            try {
                TimeUnit.NANOSECONDS.timedJoin(t, Math.min(left, SLICE_NANOS));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        return true;
    }

    /** Sets the calling thread's interrupt flag again if a wait swallowed an interrupt. */
    void restoreInterrupt() {
        if (interrupted) {
            interrupted = false;
            Thread.currentThread().interrupt();
        }
    }
}
