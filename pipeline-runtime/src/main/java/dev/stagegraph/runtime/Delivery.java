package dev.stagegraph.runtime;

import dev.stagegraph.FrameFailure;
import dev.stagegraph.FrameSink;
import java.util.ArrayList;
import java.util.List;

/**
 * The sink's per-frame step both runners share: hand the frame's outcome to the user's sink, count
 * it, record its end-to-end latency, and clear the slot's cells so the ring keeps no results alive.
 *
 * <p>Confined to one thread at a time; counters are read after that thread stopped.
 */
final class Delivery<S, R> {
    static final int KEPT_FAILURES = 10;

    private final FrameSink<? super S, ? super R> sink;
    private final int result;
    private final boolean timing;
    private final FatalListener fatal;
    private final java.util.function.Predicate<Throwable> halting;
    private final LatencyRecorder endToEnd = new LatencyRecorder();
    private final TraceRecorder trace;
    private final EndTimer sinkTimer = new EndTimer("sink");
    private final List<FrameFailure> firstFailures = new ArrayList<>();
    private static final java.lang.invoke.VarHandle COMPLETED;
    private static final java.lang.invoke.VarHandle FAILED;
    private static final java.lang.invoke.VarHandle TIMED;
    private static final java.lang.invoke.VarHandle LATENCY_TOTAL;

    static {
        try {
            java.lang.invoke.MethodHandles.Lookup l = java.lang.invoke.MethodHandles.lookup();
            COMPLETED = l.findVarHandle(Delivery.class, "completed", long.class);
            FAILED = l.findVarHandle(Delivery.class, "failed", long.class);
            TIMED = l.findVarHandle(Delivery.class, "timed", long.class);
            LATENCY_TOTAL = l.findVarHandle(Delivery.class, "latencyTotalNanos", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // Single writer (the delivering thread), opaque stores so meters on other threads can read them.
    private long completed;
    private long failed;
    private long timed;
    private long latencyTotalNanos;

    Delivery(FrameSink<? super S, ? super R> sink, int result, boolean timing, FatalListener fatal,
            java.util.function.Predicate<Throwable> halting, TraceRecorder trace) {
        this.halting = halting;
        this.sink = sink;
        this.trace = trace;
        this.result = result;
        this.timing = timing;
        this.fatal = fatal;
    }

    /**
     * Hands the slot's outcome to the sink.
     *
     * @return {@code false} if the sink threw on a result because the runtime is halting the run
     *     (its interrupt): the frame was not delivered and its cells are left for the accounting (a
     *     failed frame is counted failed before the sink is called, so it counts as delivered)
     */
    @SuppressWarnings("unchecked")
    boolean deliver(Slot slot) {
        Object value = slot.cell(result);
        S input = (S) slot.input;
        long start = timing ? sinkTimer.begin() : 0L;
        try {
            if (value instanceof Failed f) {
                noteFailure(f.failure());
                sink.onFailure(slot.frame, input, f.failure());
            } else {
                sink.onResult(slot.frame, input, (R) value);
                COMPLETED.setOpaque(this, completed + 1);
            }
        } catch (Throwable t) {
            if (!(value instanceof Failed)) {
                if (halting.test(t)) {
                    return false;
                }
                FrameFailure failure = new FrameFailure("sink", 0, slot.frame, t);
                noteFailure(failure);
                fatal.onFatal(failure);
            } else if (!halting.test(t)) {
                fatal.onFatal(new FrameFailure("sink", 0, slot.frame, t));
            }
        }
        if (timing) {
            long now = sinkTimer.end(start);
            long latency = now - slot.takenNanos;
            endToEnd.record(latency);
            LATENCY_TOTAL.setOpaque(this, latencyTotalNanos + latency);
            TIMED.setOpaque(this, timed + 1);
            if (trace != null) {
                trace.record(slot, now);
            }
        }
        slot.clearCells();
        return true;
    }

    /** Counts a failed frame and keeps its failure if it is among the first few. */
    void noteFailure(FrameFailure failure) {
        FAILED.setOpaque(this, failed + 1);
        if (firstFailures.size() < KEPT_FAILURES) {
            firstFailures.add(failure);
        }
    }

    List<FrameFailure> firstFailures() {
        return firstFailures;
    }

    EndTimer sinkTimer() {
        return sinkTimer;
    }

    LatencyRecorder endToEnd() {
        return endToEnd;
    }

    long completed() {
        return (long) COMPLETED.getOpaque(this);
    }

    long failed() {
        return (long) FAILED.getOpaque(this);
    }

    long timedFrames() {
        return (long) TIMED.getOpaque(this);
    }

    long latencyTotalNanos() {
        return (long) LATENCY_TOTAL.getOpaque(this);
    }
}
