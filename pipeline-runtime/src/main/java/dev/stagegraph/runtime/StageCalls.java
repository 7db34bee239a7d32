package dev.stagegraph.runtime;

import dev.stagegraph.report.StageTimeoutException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The bookkeeping around one stage instance's calls, shared by its per-frame step and its batched
 * step: a call begins ({@link #begin}: the timer's start and the time limit's), ends ({@link #end}:
 * the watchdog's time-out if it claimed the call) and is counted; frames the sampling leaves out are
 * counted too.
 *
 * <p>Made with its {@link StageWorker} and written only by the instance's thread. {@code calls} and
 * {@code skipped} are single-writer opaque stores, so meters on other threads can read them
 * ({@link #calls}, {@link #skipped}); the time limit's state is shared with the {@link Watchdog}
 * through {@link TimeLimit}.
 */
final class StageCalls {
    private static final VarHandle CALLS;
    private static final VarHandle SKIPPED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            CALLS = lookup.findVarHandle(StageCalls.class, "calls", long.class);
            SKIPPED = lookup.findVarHandle(StageCalls.class, "skipped", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final boolean timing;
    private final StageTiming timer;
    private final TimeLimit limit;
    private final long timeLimitNanos;
    // Single writer; opaque stores so meters on other threads can read them.
    private long calls;
    private long skipped;

    StageCalls(boolean timing, StageTiming timer, TimeLimit limit) {
        this.timing = timing;
        this.timer = timer;
        this.limit = limit;
        this.timeLimitNanos = limit.nanos;
    }

    /**
     * Starts a call the watchdog times as {@code frame}'s, timed if {@code timed}; returns its start
     * (0 when neither timing nor a limit needs one). {@code clock} is the caller's last clock read
     * if nothing but runtime bookkeeping happened since (0 if none), used instead of a new one.
     */
    long begin(long frame, boolean timed, long clock) {
        long start = timed ? timer.start(clock) : timeLimitNanos > 0 ? (clock != 0 ? clock : System.nanoTime()) : 0L;
        if (timeLimitNanos > 0) {
            limit.begin(frame, start);
        }
        return start;
    }

    /** Starts a call of the batched step, timed when the run is; as {@link #begin(long, boolean, long)}. */
    long begin(long frame) {
        return begin(frame, timing, 0L);
    }

    /** Ends the call begun as {@code frame}'s: the watchdog's time-out if it claimed the call, else {@code null}. */
    StageTimeoutException end(long frame) {
        return timeLimitNanos > 0 ? limit.end(frame) : null;
    }

    /** Counts one call. */
    void counted() {
        CALLS.setOpaque(this, calls + 1);
    }

    /**
     * Counts a call that started at {@code start} and covered {@code frames} frames as that many
     * calls, and with timing on its duration, once; returns its end (0 with timing off).
     */
    long counted(long start, int frames) {
        long end = timing ? timer.end(start, 0L) : 0L;
        CALLS.setOpaque(this, calls + frames);
        return end;
    }

    /** Counts a frame the stage's sampling left out. */
    void skip() {
        SKIPPED.setOpaque(this, skipped + 1);
    }

    /** Calls so far; safe to read from any thread. */
    long calls() {
        return (long) CALLS.getOpaque(this);
    }

    /** Frames the stage's sampling left out so far; safe to read from any thread. */
    long skipped() {
        return (long) SKIPPED.getOpaque(this);
    }
}
