package dev.stagegraph.runtime;

import dev.stagegraph.Param;
import dev.stagegraph.report.FrameFailure;
import dev.stagegraph.report.ReplicaReport;
import dev.stagegraph.report.StageTimeoutException;
import dev.stagegraph.spi.StageNode;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The per-frame step both runners share, for one stage instance ({@link StageHost} keeps the
 * instance, which frames it takes and the accounting of its calls): read the inputs from the slot,
 * call the stage, write its cell, apply the error policy (fail-fast, skip, or restart with a fresh
 * instance), count. An exception thrown while the run is aborting (typically the runtime's own
 * interrupt reaching a blocked stage) is not a failure: the frame stays unfinished and is counted
 * as aborted.
 *
 * <p>Confined to one thread at a time: the runner's thread for this instance. What other threads
 * read (counters, busy time, the time limit the {@link Watchdog} shares) lives in {@link StageHost}.
 */
final class StageWorker extends StageHost {
    private final int[] inputs;
    private final boolean[] optional;
    private final Object[] args;
    /** Inline stages that run right after this one on its thread, in topological order; set before the run starts. */
    StageWorker[] inlineAfter = NONE;
    /**
     * Whether the instance runs on its writer's thread, with no thread or sequence of its own (see
     * {@link ParallelStages}); set before the run starts.
     */
    boolean fused;
    private final boolean sampled;
    private static final StageWorker[] NONE = new StageWorker[0];
    /** The error policy and its restart budget. */
    final ErrorHandling errors;
    /** The batched step of an instance of a batch stage, {@code null} for other stages. */
    final BatchWorker batch;
    Class<?> outputType;

    StageWorker(String pipeline, StageNode node, int replica, int replicas, boolean timing, FatalListener fatal,
            Predicate<Throwable> halting, Map<Param<?>, Object> params) {
        super(pipeline, node, replica, replicas, timing, halting, params);
        this.sampled = node.sampled();
        this.inputs = new int[node.inputCount()];
        this.optional = new boolean[inputs.length];
        for (int k = 0; k < inputs.length; k++) {
            inputs[k] = node.input(k);
            optional[k] = node.optional(k);
        }
        this.args = new Object[inputs.length];
        this.errors = new ErrorHandling(this, fatal);
        this.batch = node.batched() ? new BatchWorker(this) : null;
    }

    /** Runs the stage on one frame and writes its cell, then its inline followers. Never throws for a stage's exception. */
    void process(Slot slot) {
        process(slot, 0L);
    }

    /**
     * As {@link #process(Slot)}, sharing clock reads with the calls before and after it on this
     * thread: {@code clock} is the caller's last {@link System#nanoTime()} read if nothing but
     * runtime bookkeeping happened on this thread since (0 if none or not sure), and the result is
     * this call's last read under the same rule, for the next call.
     */
    long process(Slot slot, long clock) {
        if (batch != null) {
            batch.processOne(slot);
            return 0L;
        }
        long now = step(slot, clock);
        for (StageWorker w : inlineAfter) {
            now = w.process(slot, now);
        }
        return now;
    }

    /**
     * The inputs of a frame decide whether the stage runs: a failure upstream is passed on (the
     * first, in input order, wins over a missing result, so a frame with any failure on its path
     * ends failed), a missing result is passed on as "no result"; an optional input turns either
     * into an empty {@link Optional}.
     */
    private long step(Slot slot, long clock) {
        Object[] cells = slot.cells;
        int me = node.index();
        Object skip = null;
        for (int k = 0; k < inputs.length; k++) {
            Object value = inputs[k] == StageNode.SOURCE ? slot.input : cells[inputs[k]];
            if (optional[k]) {
                args[k] = value == null || value instanceof Failed ? Optional.empty() : Optional.of(value);
            } else if (value instanceof Failed) {
                skip = skip instanceof Failed ? skip : value;
            } else if (value == null) {
                skip = skip == null ? NO_RESULT : skip;
            } else {
                args[k] = value;
            }
        }
        if (skip != null) {
            cells[me] = skip == NO_RESULT ? null : skip;
            if (last != null && last.selects(slot)) {
                last.selected(slot, cells[me]);
            }
            clearArgs(args.length);
            if (timing) {
                slot.startNanos[me] = 0;
                slot.endNanos[me] = readyNanos(slot);
            }
            return clock;
        }
        if (sampled && !node.runsOn(slot.frame, slot.timestampNanos, slot.previousTimestampNanos)) {
            cells[me] = last == null ? null : last.reused(slot.feed);
            countSkipped();
            clearArgs(args.length);
            if (timing) {
                slot.startNanos[me] = 0;
                slot.endNanos[me] = readyNanos(slot);
            }
            return clock;
        }
        if (!opened) {
            cells[me] = new Failed(new FrameFailure(node.name(), replica, slot.frame,
                    new IllegalStateException(describe() + " is not open: its restart failed, so the run is stopping")));
            return clock;
        }
        long frame = slot.frame;
        boolean timed = timing && timer.times(slot);
        long start = timed ? timer.start(clock) : timeLimitNanos > 0 ? (clock != 0 ? clock : System.nanoTime()) : 0L;
        if (timeLimitNanos > 0) {
            limit.begin(frame, start);
        }
        Object out;
        Throwable thrown = null;
        try {
            out = instance.process(args, slot);
        } catch (Throwable t) {
            out = null;
            thrown = t;
        }
        StageTimeoutException timeout = timeLimitNanos > 0 ? limit.end(frame) : null;
        boolean timedOut = timeout != null;
        if (timedOut) {
            thrown = timeout;
        }
        long now = 0L;
        if (timed) {
            now = timer.end(start, readyNanos(slot));
            slot.startNanos[me] = start;
            slot.endNanos[me] = now;
        }
        if (outputType == null && out != null) {
            outputType = out.getClass();
        }
        countCalls(1);
        clearArgs(args.length);
        if (thrown != null && !timedOut && halting.test(thrown)) {
            return 0L;
        }
        cells[me] = thrown == null ? out : fail(frame, thrown, timedOut);
        if (last != null) {
            last.selected(slot, cells[me]);
        }
        return thrown == null ? now : 0L;
    }

    /**
     * Whether {@link #processPlain} may stand in for {@link #process}: the run is not timed, and the
     * stage has no time limit, no sampling, no optional input, no inline followers, is not batched
     * and does not reuse its last result.
     */
    boolean plain() {
        for (boolean o : optional) {
            if (o) {
                return false;
            }
        }
        return !timing && timeLimitNanos == 0 && !sampled && inlineAfter.length == 0 && batch == null && last == null;
    }

    /**
     * {@link #process} for a {@link #plain()} worker, with the same outcome and counts, without the
     * timing and time-limit steps: reads the inputs once and calls the stage. A missing or failed
     * input, or an instance that is not open, goes the general way.
     */
    void processPlain(Slot slot) {
        if (!opened) {
            step(slot, 0L);
            return;
        }
        Object[] cells = slot.cells;
        for (int k = 0; k < inputs.length; k++) {
            Object value = inputs[k] == StageNode.SOURCE ? slot.input : cells[inputs[k]];
            if (value == null || value instanceof Failed) {
                clearArgs(k);
                step(slot, 0L);
                return;
            }
            args[k] = value;
        }
        Object out;
        Throwable thrown = null;
        try {
            out = instance.process(args, slot);
        } catch (Throwable t) {
            out = null;
            thrown = t;
        }
        if (outputType == null && out != null) {
            outputType = out.getClass();
        }
        countCalls(1);
        clearArgs(args.length);
        if (thrown == null) {
            cells[node.index()] = out;
        } else if (!halting.test(thrown)) {
            cells[node.index()] = fail(slot.frame, thrown, false);
        }
    }

    /** Marks "an input had no result" while scanning inputs; never stored in a cell. */
    private static final Object NO_RESULT = new Object();

    /** Applies the error policy to a failed call; see {@link ErrorHandling#fail}. */
    Failed fail(long frame, Throwable t, boolean timedOut) {
        return errors.fail(frame, t, timedOut);
    }

    private void clearArgs(int upTo) {
        for (int k = 0; k < upTo; k++) {
            args[k] = null;
        }
    }

    /**
     * When every input of this frame was ready: the latest of the upstream ends (or the frame's
     * arrival), or 0 if an upstream stage did not time this frame (its entry is older than the
     * frame: a sampled stage left it from an earlier frame in this slot).
     */
    long readyNanos(Slot slot) {
        long taken = slot.takenNanos;
        long ready = taken;
        for (int in : inputs) {
            if (in != StageNode.SOURCE) {
                long end = slot.endNanos[in];
                if (end < taken) {
                    return 0L;
                }
                ready = Math.max(ready, end);
            }
        }
        return ready;
    }

    ReplicaReport report() {
        return new ReplicaReport(replica, calls(), timer.busyNanos(), openNanos, errors.restarts);
    }

    /** Whether this instance takes frames in batches of more than one (its thread runs a {@link BatchLoop}). */
    boolean batches() {
        return batch != null && node.maxBatch() > 1;
    }
}
