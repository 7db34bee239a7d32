package dev.stagegraph.runtime;

import dev.stagegraph.Outcome;
import dev.stagegraph.report.FrameFailure;
import dev.stagegraph.spi.StageNode;
import dev.stagegraph.FrameSink;
import java.util.ArrayList;
import java.util.List;

/**
 * The sink's per-frame step both runners share: hand the frame's outcome to the user's sink (first
 * the frames a live source dropped before it, where they would have been), count it, record its
 * end-to-end latency, and release and clear the slot's cells so the ring keeps no results alive.
 * When a run is cut short, the finisher hands the unfinished frames' outcomes to the same sink
 * through {@link #deliverUnfinished}, after the delivering thread has stopped.
 *
 * <p>Confined to one thread at a time; counters are read after that thread stopped.
 */
final class Delivery<S, R> {
    static final int KEPT_FAILURES = 10;

    private final FrameSink<? super S, ? super R> sink;
    private final StageNode[] nodes;
    private final boolean scanAll;
    private final OutcomeView view = new OutcomeView();
    /** Per source (by its position among the run's sources): the number of the next frame the sink expects. */
    private final long[] nextNumber;
    /** Per source: frames completed and failed, and end-to-end latency (read after the delivering thread stopped). */
    private final long[] completedBy;
    private final long[] failedBy;
    private final LatencyRecorder[] endToEndBy;
    private Throwable releaseError;
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

    Delivery(FrameSink<? super S, ? super R> sink, List<StageNode> stages, int result, boolean timing, FatalListener fatal,
            java.util.function.Predicate<Throwable> halting, TraceRecorder trace, int sources) {
        this.nextNumber = new long[sources];
        this.completedBy = new long[sources];
        this.failedBy = new long[sources];
        this.endToEndBy = new LatencyRecorder[sources];
        for (int k = 0; k < sources; k++) {
            endToEndBy[k] = sources == 1 ? endToEnd : new LatencyRecorder();
        }
        this.halting = halting;
        this.sink = sink;
        this.nodes = stages.toArray(new StageNode[0]);
        boolean optionalEdges = false;
        for (StageNode n : nodes) {
            for (int k = 0; k < n.inputCount(); k++) {
                optionalEdges |= n.optional(k);
            }
        }
        this.scanAll = optionalEdges;
        this.trace = trace;
        this.result = result;
        this.timing = timing;
        this.fatal = fatal;
    }

    /**
     * Hands the slot's outcome to the sink (after the frames a live source dropped before it), then
     * releases and clears the slot's cells.
     *
     * @return {@code false} if the sink threw on a result because the runtime is halting the run
     *     (its interrupt): the frame was not delivered and its cells are left for the accounting (a
     *     failed frame is counted failed before the sink is called, so it counts as delivered)
     */
    boolean deliver(Slot slot) {
        return deliver(slot, 0L) != NOT_DELIVERED;
    }

    /** What {@link #deliver(Slot, long)} returns when {@link #deliver(Slot)} would return {@code false}. */
    static final long NOT_DELIVERED = Long.MIN_VALUE;

    /**
     * As {@link #deliver(Slot)}, sharing clock reads with the calls before and after it on the
     * delivering thread: {@code clock} is that thread's last clock read with nothing but runtime
     * bookkeeping since, or 0. Returns this call's last clock read (0 if timing is off), or
     * {@link #NOT_DELIVERED}.
     */
    long deliver(Slot slot, long clock) {
        Object value = slot.cell(result);
        if (scanAll && !(value instanceof Failed)) {
            Failed first = slot.firstFailure();
            value = first != null ? first : value;
        }
        boolean timedCall = timing && sinkTimer.times();
        long start = timedCall ? sinkTimer.begin(clock) : 0L;
        try {
            deliverDroppedBefore(slot.frame, slot.feed, slot.source);
            if (value instanceof Failed f) {
                noteFailure(f.failure(), slot.feed);
                accept(view.of(Outcome.Kind.FAILED, slot, slot.input, null, f.failure()));
            } else {
                accept(view.of(value == null ? Outcome.Kind.NO_RESULT : Outcome.Kind.RESULT, slot, slot.input, value, null));
                COMPLETED.setOpaque(this, completed + 1);
                completedBy[slot.feed]++;
            }
        } catch (Throwable t) {
            if (!(value instanceof Failed)) {
                if (halting.test(t)) {
                    return NOT_DELIVERED;
                }
                FrameFailure failure = new FrameFailure("sink", 0, slot.frame, t);
                noteFailure(failure, slot.feed);
                fatal.onFatal(failure);
            } else if (!halting.test(t)) {
                fatal.onFatal(new FrameFailure("sink", 0, slot.frame, t));
            }
        }
        long now = 0L;
        if (timing) {
            now = timedCall ? sinkTimer.end(start) : sinkTimer.endUntimed();
            long latency = now - slot.takenNanos;
            endToEnd.record(latency);
            if (endToEndBy.length > 1) {
                endToEndBy[slot.feed].record(latency);
            }
            LATENCY_TOTAL.setOpaque(this, latencyTotalNanos + latency);
            TIMED.setOpaque(this, timed + 1);
            if (trace != null) {
                trace.record(slot, now);
            }
        }
        view.clear();
        release(slot);
        return now;
    }

    @SuppressWarnings("unchecked")
    private void accept(OutcomeView outcome) throws Exception {
        ((FrameSink<Object, Object>) sink).accept(outcome);
    }

    /** Tells the sink about the frames source {@code feed} dropped before its frame {@code number}. */
    private void deliverDroppedBefore(long number, int feed, String source) throws Exception {
        for (; nextNumber[feed] < number; nextNumber[feed]++) {
            accept(view.dropped(nextNumber[feed], source));
        }
        nextNumber[feed] = number + 1;
    }

    /** Source {@code feed} numbered {@code total} frames and ended: tells the sink about its last dropped ones. */
    void endOfStream(long total, int feed, String source) {
        try {
            for (; nextNumber[feed] < total; nextNumber[feed]++) {
                accept(view.dropped(nextNumber[feed], source));
            }
        } catch (Throwable t) {
            fatal.onFatal(new FrameFailure("sink", 0, nextNumber[feed], t));
        } finally {
            view.clear();
        }
    }

    /** Releases the slot's cell values that hold native memory, once, and clears the cells. */
    void release(Slot slot) {
        Throwable t = slot.releaseCells(nodes);
        if (t != null && releaseError == null) {
            releaseError = t;
        }
    }

    /**
     * Hands the sink an unfinished frame's outcome when a run was cut short: failed if a stage
     * failed on it, aborted otherwise; then releases its cells. Called by the finisher after the
     * delivering thread stopped; a sink that throws now is reported, not fatal.
     *
     * @return {@code true} if the frame was aborted (not failed)
     */
    boolean deliverUnfinished(Slot slot, boolean releaseCells, java.util.function.Consumer<Throwable> errors) {
        Failed failed = slot.firstFailure();
        if (failed != null) {
            noteFailure(failed.failure(), slot.feed);
        }
        try {
            deliverDroppedBefore(slot.frame, slot.feed, slot.source);
            accept(failed != null ? view.of(Outcome.Kind.FAILED, slot, slot.input, null, failed.failure())
                    : view.of(Outcome.Kind.ABORTED, slot, slot.input, null, null));
        } catch (Throwable t) {
            errors.accept(new IllegalStateException("the sink threw while taking the outcome of unfinished frame " + slot.frame, t));
        }
        view.clear();
        if (releaseCells) {
            release(slot);
        }
        return failed == null;
    }

    /** Hands the sink the outcome of a frame taken but never published (a keep-latest mailbox's), as aborted. */
    void deliverAbortedLeftover(long number, int feed, String source, Object input, java.util.function.Consumer<Throwable> errors) {
        try {
            deliverDroppedBefore(number, feed, source);
            accept(view.of(Outcome.Kind.ABORTED, view.unslotted(number, source), input, null, null));
        } catch (Throwable t) {
            errors.accept(new IllegalStateException("the sink threw while taking the outcome of unfinished frame " + number, t));
        }
        view.clear();
    }

    /** The first error a release function threw, or {@code null}. */
    Throwable releaseError() {
        return releaseError;
    }

    /** Counts a failed frame and keeps its failure if it is among the first few. */
    void noteFailure(FrameFailure failure, int feed) {
        FAILED.setOpaque(this, failed + 1);
        failedBy[feed]++;
        if (firstFailures.size() < KEPT_FAILURES) {
            firstFailures.add(failure);
        }
    }

    /**
     * One report per source, from the sink's counts and the feeds' {@code framesIn} and
     * {@code dropped}; a source's aborted frames are those neither delivered nor dropped.
     */
    List<dev.stagegraph.report.SourceReport> sourceReports(String[] names, long[] framesIn, long[] dropped, long wallNanos) {
        List<dev.stagegraph.report.SourceReport> reports = new ArrayList<>(names.length);
        for (int k = 0; k < names.length; k++) {
            long aborted = Math.max(0, framesIn[k] - completedBy[k] - failedBy[k] - dropped[k]);
            reports.add(new dev.stagegraph.report.SourceReport(names[k], framesIn[k], completedBy[k], failedBy[k], dropped[k], aborted,
                    wallNanos <= 0 ? 0 : completedBy[k] * 1e9 / wallNanos, endToEndBy[k].summary()));
        }
        return reports;
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
