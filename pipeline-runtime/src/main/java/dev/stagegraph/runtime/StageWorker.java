package dev.stagegraph.runtime;

import dev.stagegraph.Param;
import dev.stagegraph.StageContext;
import dev.stagegraph.report.FrameFailure;
import dev.stagegraph.report.ReplicaReport;
import dev.stagegraph.report.StageTimeoutException;
import dev.stagegraph.spi.InstanceContext;
import dev.stagegraph.spi.StageInstance;
import dev.stagegraph.spi.StageNode;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One stage instance and the per-frame step both runners share: read the inputs from the slot,
 * call the stage, write its cell, apply the error policy (fail-fast, skip, or restart with a fresh
 * instance), count. An exception thrown while the run is aborting (typically the runtime's own
 * interrupt reaching a blocked stage) is not a failure: the frame stays unfinished and is counted
 * as aborted.
 *
 * <p>Its roles are split: {@link StageInputs} reads a frame's inputs, {@link StageCalls} begins,
 * ends and counts the calls, {@link ErrorHandling} applies the error policy.
 *
 * <p>Confined to one thread at a time: the runner's thread for this instance. The counters are
 * single-writer fields written by that thread (opaque where meters read them) and read by the
 * runner after the thread has stopped. The only state another thread touches is the time limit's,
 * shared with the {@link Watchdog} through {@link TimeLimit}.
 */
final class StageWorker {
    final StageNode node;
    final int replica;
    private final StageContext context;
    /** Where the inputs are read from, and the arguments of the calls. */
    final StageInputs in;
    /** {@code in}'s argument array, held here for the calls. */
    private final Object[] args;
    /** Inline stages that run right after this one on its thread, in topological order; set before the run starts. */
    StageWorker[] inlineAfter = NONE;
    /**
     * Whether the instance runs on its writer's thread, with no thread or sequence of its own (see
     * {@link ParallelStages}); set before the run starts.
     */
    boolean fused;
    /** How many instances the stage has in this run (per source: the number of sources). */
    private final int count;
    private final boolean perSource;
    private final boolean sampled;
    private static final StageWorker[] NONE = new StageWorker[0];
    private final boolean timing;
    private final long timeLimitNanos;
    /** The error policy and its restart budget. */
    final ErrorHandling errors;
    /** Whether a throwable is the runtime halting the run (its interrupt), not a failure of the stage. */
    private final Predicate<Throwable> halting;
    /** Latency, queue wait, busy and CPU time, when the run is timed. */
    final StageTiming timer = new StageTiming();

    private StageInstance instance;
    private boolean opened;
    volatile Thread thread;
    /** The time limit's state, shared with the {@link Watchdog}. */
    final TimeLimit limit;
    /** The begin, end and counts of the calls, for this step and the batched one. */
    final StageCalls calls;
    /** The untimed fast path, for a {@link #plain()} worker. */
    private final PlainStep plain;
    /** The batched step of an instance of a batch stage, {@code null} for other stages. */
    final BatchWorker batch;
    /** The last result per source of a stage that reuses it on skipped frames, {@code null} for other stages. */
    final LastResults last;
    long openNanos;
    Class<?> outputType;

    StageWorker(String pipeline, StageNode node, int replica, int replicas, boolean timing, FatalListener fatal,
            Predicate<Throwable> halting, Map<Param<?>, Object> params) {
        this.node = node;
        this.replica = replica;
        this.count = replicas;
        this.perSource = node.perSource();
        this.sampled = node.sampled();
        this.context = new InstanceContext(pipeline, node.name(), replica, replicas, params);
        this.in = new StageInputs(node);
        this.args = in.args;
        this.timing = timing;
        this.timeLimitNanos = node.timeLimit() == null ? 0 : node.timeLimit().toNanos();
        this.limit = new TimeLimit(timeLimitNanos);
        this.calls = new StageCalls(timing, timer, limit);
        this.plain = new PlainStep(this);
        this.errors = new ErrorHandling(this, fatal);
        this.halting = halting;
        this.last = node.reusesLastResult() ? new LastResults(node) : null;
        this.batch = node.batched() ? new BatchWorker(this) : null;
    }

    /** Makes and opens the instance on the calling thread; on failure nothing stays open. */
    void open() throws Exception {
        thread = Thread.currentThread();
        long start = System.nanoTime();
        try {
            openInstance();
        } finally {
            openNanos = System.nanoTime() - start;
        }
    }

    void openInstance() throws Exception {
        instance = node.newInstance();
        instance.open(context);
        opened = true;
    }

    boolean isOpen() {
        return opened;
    }

    /** Closes the instance if it opened, at most once, and releases the last results it kept for reuse. */
    void close() throws Exception {
        Throwable released = last == null ? null : last.releaseAll();
        closeInstance();
        if (released instanceof Exception e) {
            throw e;
        }
        if (released instanceof Error e) {
            throw e;
        }
    }

    void closeInstance() throws Exception {
        if (opened) {
            opened = false;
            instance.close();
        }
    }

    /**
     * Whether this instance takes the frame: a per-source instance takes its source's frames, a
     * replica the frames dealt to it by their position among the frames taken.
     */
    boolean owns(Slot slot) {
        if (perSource) {
            return slot.feed == replica;
        }
        return count == 1 || slot.index % count == replica;
    }

    /** Whether this instance hears of the end of source {@code feed}: a per-source instance only of its own. */
    boolean hearsEndOf(int feed) {
        return !perSource || feed == replica;
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

    /** The inputs of a frame decide whether the stage runs (see {@link StageInputs#gather}). */
    long step(Slot slot, long clock) {
        Object[] cells = slot.cells;
        int me = node.index();
        Object skip = in.gather(slot);
        if (skip != null) {
            cells[me] = skip == StageInputs.NO_RESULT ? null : skip;
            if (last != null && last.selects(slot)) {
                last.selected(slot, cells[me]);
            }
            in.clear();
            if (timing) {
                slot.startNanos[me] = 0;
                slot.endNanos[me] = in.readyNanos(slot);
            }
            return clock;
        }
        if (sampled && !node.runsOn(slot.frame, slot.timestampNanos, slot.previousTimestampNanos)) {
            cells[me] = last == null ? null : last.reused(slot.feed);
            calls.skip();
            in.clear();
            if (timing) {
                slot.startNanos[me] = 0;
                slot.endNanos[me] = in.readyNanos(slot);
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
        long start = calls.begin(frame, timed, clock);
        Object out;
        Throwable thrown = null;
        try {
            out = instance.process(args, slot);
        } catch (Throwable t) {
            out = null;
            thrown = t;
        }
        StageTimeoutException timeout = calls.end(frame);
        boolean timedOut = timeout != null;
        if (timedOut) {
            thrown = timeout;
        }
        long now = 0L;
        if (timed) {
            now = timer.end(start, in.readyNanos(slot));
            slot.startNanos[me] = start;
            slot.endNanos[me] = now;
        }
        if (outputType == null && out != null) {
            outputType = out.getClass();
        }
        calls.counted();
        in.clear();
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
        return !in.anyOptional() && !timing && timeLimitNanos == 0 && !sampled && inlineAfter.length == 0 && batch == null && last == null;
    }

    /** {@link #process} for a {@link #plain()} worker, with the same outcome and counts; see {@link PlainStep}. */
    void processPlain(Slot slot) {
        plain.process(slot);
    }

    /** The source ended normally: lets the instance emit or log its final state. */
    void endOfStream(String source) throws Exception {
        if (opened) {
            instance.endOfStream(source);
        }
    }

    /** Applies the error policy to a failed call; see {@link ErrorHandling#fail}. */
    Failed fail(long frame, Throwable t, boolean timedOut) {
        return errors.fail(frame, t, timedOut);
    }

    /** Calls so far; safe to read from any thread. */
    long calls() {
        return calls.calls();
    }

    /** Busy time so far; safe to read from any thread. */
    long busyNanos() {
        return timer.busyNanos();
    }

    ReplicaReport report() {
        return new ReplicaReport(replica, calls.calls(), timer.busyNanos(), openNanos, errors.restarts);
    }

    /** Whether this instance takes frames in batches of more than one (its thread runs a {@link BatchLoop}). */
    boolean batches() {
        return batch != null && node.maxBatch() > 1;
    }

    // ---- hooks of the batched step (BatchWorker): the same instance, policy and calls as step ----

    StageInstance instance() {
        return instance;
    }

    boolean timing() {
        return timing;
    }

    boolean halting(Throwable t) {
        return halting.test(t);
    }

    String describe() {
        return "stage '" + node.name() + "' (replica " + replica + ")";
    }
}
