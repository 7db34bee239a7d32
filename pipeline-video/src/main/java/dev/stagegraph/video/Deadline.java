package dev.stagegraph.video;

import org.bytedeco.ffmpeg.avformat.AVIOInterruptCB;
import org.bytedeco.javacpp.Pointer;

/**
 * FFmpeg's interrupt callback with a deadline: every blocking FFmpeg call (connect, read, probe)
 * polls it about every 100 ms and gives up with {@code AVERROR_EXIT} once it returns 1. It returns 1
 * when the deadline {@link #arm armed} before the call has passed, or when the calling thread was
 * interrupted (the runner's stop), so no FFmpeg call blocks past its time-out.
 *
 * <p>Armed and polled on the source's thread only (FFmpeg calls it on the thread inside the blocking
 * call); the fields are plain. Keep a strong reference for as long as the format context that points
 * at it lives: JavaCPP frees the native thunk when this object is collected.
 */
final class Deadline extends AVIOInterruptCB.Callback_Pointer {
    private long deadline = Long.MAX_VALUE;
    private boolean armed;
    private boolean expired;
    private boolean interrupted;

    /** Starts the clock: the next FFmpeg call fails after {@code nanos}. */
    void arm(long nanos) {
        deadline = System.nanoTime() + nanos;
        armed = true;
        expired = false;
        interrupted = false;
    }

    /** Stops the clock; calls are no longer timed (but still end on an interrupt). */
    void disarm() {
        armed = false;
    }

    /** Whether the last armed call was ended by the deadline. */
    boolean expired() {
        return expired;
    }

    /** Whether the last call was ended by an interrupt of the calling thread. */
    boolean interrupted() {
        return interrupted;
    }

    @Override
    public int call(Pointer opaque) {
        if (Thread.currentThread().isInterrupted()) {
            interrupted = true;
            return 1;
        }
        if (armed && System.nanoTime() - deadline > 0) {
            expired = true;
            return 1;
        }
        return 0;
    }
}
