package dev.stagegraph.runtime;

import dev.stagegraph.Param;
import dev.stagegraph.StageContext;
import dev.stagegraph.report.FrameFailure;
import dev.stagegraph.report.ReplicaReport;
import dev.stagegraph.report.StageTimeoutException;
import dev.stagegraph.spi.InstanceContext;
import dev.stagegraph.spi.StageInstance;
import dev.stagegraph.spi.StageNode;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * One stage instance and the per-frame step both runners share: read the inputs from the slot,
 * call the stage, write its cell, apply the error policy (fail-fast, skip, or restart with a fresh
 * instance), count. An exception thrown while the run is aborting (typically the runtime's own
 * interrupt reaching a blocked stage) is not a failure: the frame stays unfinished and is counted
 * as aborted.
 *
 * <p>Confined to one thread at a time: the runner's thread for this instance. The counters are
 * plain fields written by that thread and read by the runner after the thread has stopped. The
 * only state another thread touches is the time limit's, shared with the {@link Watchdog} through
 * {@link TimeLimit}.
 */
final class StageWorker {
    private static final VarHandle CALLS;
    private static final VarHandle SKIPPED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            CALLS = lookup.findVarHandle(StageWorker.class, "calls", long.class);
            SKIPPED = lookup.findVarHandle(StageWorker.class, "skipped", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final StageNode node;
    final int replica;
    private final StageContext context;
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
    final TimeLimit limit;
    /** The batched step of an instance of a batch stage, {@code null} for other stages. */
    final BatchWorker batch;
    /** The last result per source of a stage that reuses it on skipped frames, {@code null} for other stages. */
    final LastResults last;
    // Single writer; opaque stores so meters on other threads can read them.
    private long calls;
    private long skipped;
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
        this.inputs = new int[node.inputCount()];
        this.optional = new boolean[inputs.length];
        for (int k = 0; k < inputs.length; k++) {
            inputs[k] = node.input(k);
            optional[k] = node.optional(k);
        }
        this.args = new Object[inputs.length];
        this.timing = timing;
        this.timeLimitNanos = node.timeLimit() == null ? 0 : node.timeLimit().toNanos();
        this.limit = new TimeLimit(timeLimitNanos);
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
            SKIPPED.setOpaque(this, skipped + 1);
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
        CALLS.setOpaque(this, calls + 1);
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
        CALLS.setOpaque(this, calls + 1);
        clearArgs(args.length);
        if (thrown == null) {
            cells[node.index()] = out;
        } else if (!halting.test(thrown)) {
            cells[node.index()] = fail(slot.frame, thrown, false);
        }
    }

    /** Marks "an input had no result" while scanning inputs; never stored in a cell. */
    private static final Object NO_RESULT = new Object();

    /** The source ended normally: lets the instance emit or log its final state. */
    void endOfStream(String source) throws Exception {
        if (opened) {
            instance.endOfStream(source);
        }
    }

    /**
     * Tells the instance that {@code source} ended, as {@link #endOfStream}; what it throws comes
     * back as the failure to report, naming the instance, or {@code null} if it did not throw.
     */
    FrameFailure hearEndOf(String source) {
        try {
            endOfStream(source);
            return null;
        } catch (Throwable t) {
            return new FrameFailure(node.name(), replica, -1,
                    new IllegalStateException(describe() + " failed in endOfStream(\"" + source + "\")", t));
        }
    }

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

    LatencyRecorder latency() {
        return timer.latency();
    }

    /** Frames the stage's sampling left out; safe to read from any thread. */
    long skipped() {
        return (long) SKIPPED.getOpaque(this);
    }

    /** Calls so far; safe to read from any thread. */
    long calls() {
        return (long) CALLS.getOpaque(this);
    }

    /** Busy time so far; safe to read from any thread. */
    long busyNanos() {
        return timer.busyNanos();
    }

    LatencyRecorder queueWait() {
        return timer.queueWait();
    }

    /** Estimated CPU time spent in {@code process}: busy time times the CPU share of the sampled calls. */
    long cpuNanos() {
        return timer.cpuNanos();
    }

    ReplicaReport report() {
        return new ReplicaReport(replica, calls, timer.busyNanos(), openNanos, errors.restarts);
    }

    /** Whether this instance takes frames in batches of more than one (its thread runs a {@link BatchLoop}). */
    boolean batches() {
        return batch != null && node.maxBatch() > 1;
    }

    // ---- hooks of the batched step (BatchWorker): the same instance, policy, counters and time limit as step ----

    StageInstance instance() {
        return instance;
    }

    boolean timing() {
        return timing;
    }

    boolean halting(Throwable t) {
        return halting.test(t);
    }

    void countSkipped() {
        SKIPPED.setOpaque(this, skipped + 1);
    }

    /** Starts a call the watchdog times as {@code frame}'s; returns its start (0 when neither timing nor a limit needs one). */
    long beginCall(long frame) {
        long start = timing ? timer.start(0L) : timeLimitNanos > 0 ? System.nanoTime() : 0L;
        if (timeLimitNanos > 0) {
            limit.begin(frame, start);
        }
        return start;
    }

    /** Ends the call begun as {@code frame}'s: the watchdog's time-out if it claimed the call, else {@code null}. */
    StageTimeoutException endCall(long frame) {
        return timeLimitNanos > 0 ? limit.end(frame) : null;
    }

    /**
     * Counts a call that started at {@code start} and covered {@code frames} frames as that many
     * calls, and with timing on its duration, once; returns its end (0 with timing off).
     */
    long countCall(long start, int frames) {
        long end = timing ? timer.end(start, 0L) : 0L;
        CALLS.setOpaque(this, calls + frames);
        return end;
    }

    String describe() {
        return "stage '" + node.name() + "' (replica " + replica + ")";
    }
}
