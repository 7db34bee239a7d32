package dev.stagegraph.runtime;

import dev.stagegraph.report.StageTimeoutException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The protocol between a stage instance's thread and the {@link Watchdog} for one instance's time
 * limit: {@code busyFrame} (the frame in the call, or {@link #IDLE}) is set with a release store
 * when a call begins and left with a compare-and-set when it ends, so exactly one of the worker and
 * the watchdog decides the frame's fate; {@code busySince} is written with an opaque store before
 * {@code busyFrame} and read after it. A watchdog that wins ({@link #claimIfOverdue}) hands the
 * worker its exception and interrupts it ({@link #deliver}); the worker, finding its
 * compare-and-set lost, waits for that interrupt, absorbs it and takes the exception
 * ({@link #end}), so no interrupt leaks into the next call.
 */
final class TimeLimit {
    static final long IDLE = -1;
    private static final long TIMED_OUT = -2;
    private static final VarHandle BUSY_FRAME;
    private static final VarHandle BUSY_SINCE;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            BUSY_FRAME = lookup.findVarHandle(TimeLimit.class, "busyFrame", long.class);
            BUSY_SINCE = lookup.findVarHandle(TimeLimit.class, "busySince", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The limit in nanoseconds, 0 for none. */
    final long nanos;
    @SuppressWarnings("unused") // accessed through BUSY_FRAME
    private volatile long busyFrame = IDLE;
    @SuppressWarnings("unused") // accessed through BUSY_SINCE
    private long busySince;
    private volatile boolean interruptDelivered;
    private StageTimeoutException timeout;

    TimeLimit(long nanos) {
        this.nanos = nanos;
    }

    /** The worker starts a call on {@code frame} at {@code start}; only with a limit. */
    void begin(long frame, long start) {
        BUSY_SINCE.setOpaque(this, start);
        BUSY_FRAME.setRelease(this, frame);
    }

    /** The worker ended its call on {@code frame}: the watchdog's exception if it claimed the call, else {@code null}. */
    StageTimeoutException end(long frame) {
        if (BUSY_FRAME.compareAndSet(this, frame, IDLE)) {
            return null;
        }
        while (!interruptDelivered) {
            Thread.onSpinWait();
        }
        interruptDelivered = false;
        Thread.interrupted();
        BUSY_FRAME.setRelease(this, IDLE);
        return timeout;
    }

    /**
     * The watchdog's half: if a call has run longer than the limit at {@code now}, claims it and
     * returns its frame; otherwise returns {@link #IDLE}. A claimed call must be {@link #deliver}ed.
     */
    long claimIfOverdue(long now) {
        long frame = (long) BUSY_FRAME.getAcquire(this);
        if (nanos == 0 || frame < 0) {
            return IDLE;
        }
        long since = (long) BUSY_SINCE.getOpaque(this);
        return now - since > nanos && BUSY_FRAME.compareAndSet(this, frame, TIMED_OUT) ? frame : IDLE;
    }

    /** How long the claimed call had run at {@code now}. */
    long runningNanos(long now) {
        return now - (long) BUSY_SINCE.getOpaque(this);
    }

    /** Hands the worker on {@code thread} the exception of the call just claimed, and interrupts it. */
    void deliver(StageTimeoutException e, Thread thread) {
        timeout = e;
        thread.interrupt();
        interruptDelivered = true;
    }
}
