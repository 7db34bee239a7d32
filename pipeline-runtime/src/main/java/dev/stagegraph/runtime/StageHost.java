package dev.stagegraph.runtime;

import dev.stagegraph.Param;
import dev.stagegraph.StageContext;
import dev.stagegraph.report.FrameFailure;
import dev.stagegraph.report.StageTimeoutException;
import dev.stagegraph.spi.InstanceContext;
import dev.stagegraph.spi.StageInstance;
import dev.stagegraph.spi.StageNode;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What a {@link StageWorker} keeps around its per-frame step: the stage instance's life on its
 * thread (made and opened on the thread that will call it, told of each source's end, closed at
 * most once; {@link ErrorHandling} closes and re-makes it on a restart), which frames it takes,
 * and the accounting of its calls (counters other threads may read, timing, the time limit the
 * {@link Watchdog} watches). A superclass rather than a field, as the Disruptor's
 * {@code RingBufferFields} is to its {@code RingBuffer}: the step reads these fields every frame
 * without an extra indirection.
 *
 * <p>Confined to one thread at a time, as the worker is; {@link #calls()}, {@link #skipped()} and
 * {@link #busyNanos()} may be read from any thread.
 */
abstract class StageHost {
    private static final VarHandle CALLS;
    private static final VarHandle SKIPPED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            CALLS = lookup.findVarHandle(StageHost.class, "calls", long.class);
            SKIPPED = lookup.findVarHandle(StageHost.class, "skipped", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final StageNode node;
    final int replica;
    private final StageContext context;
    /** How many instances the stage has in this run (per source: the number of sources). */
    private final int count;
    private final boolean perSource;
    final boolean timing;
    final long timeLimitNanos;
    /** Whether a throwable is the runtime halting the run (its interrupt), not a failure of the stage. */
    final Predicate<Throwable> halting;
    /** Latency, queue wait, busy and CPU time, when the run is timed. */
    final StageTiming timer = new StageTiming();
    final TimeLimit limit;
    /** The last result per source of a stage that reuses it on skipped frames, {@code null} for other stages. */
    final LastResults last;
    /** The instance, and whether it is open: written only by the methods below, read by the step. */
    StageInstance instance;
    boolean opened;
    volatile Thread thread;
    long openNanos;
    // Single writer; opaque stores so meters on other threads can read them.
    private long calls;
    private long skipped;

    StageHost(String pipeline, StageNode node, int replica, int replicas, boolean timing, Predicate<Throwable> halting,
            Map<Param<?>, Object> params) {
        this.node = node;
        this.replica = replica;
        this.count = replicas;
        this.perSource = node.perSource();
        this.context = new InstanceContext(pipeline, node.name(), replica, replicas, params);
        this.timing = timing;
        this.timeLimitNanos = node.timeLimit() == null ? 0 : node.timeLimit().toNanos();
        this.limit = new TimeLimit(timeLimitNanos);
        this.halting = halting;
        this.last = node.reusesLastResult() ? new LastResults(node) : null;
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

    // ---- hooks of the batched step (BatchWorker): the same instance, policy, counters and time limit as the step ----

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
        countCalls(frames);
        return end;
    }

    String describe() {
        return "stage '" + node.name() + "' (replica " + replica + ")";
    }

    /** Counts {@code frames} calls; the step counts each of its calls here. */
    final void countCalls(int frames) {
        CALLS.setOpaque(this, calls + frames);
    }
}
