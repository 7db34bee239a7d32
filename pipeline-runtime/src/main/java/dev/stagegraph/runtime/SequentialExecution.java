package dev.stagegraph.runtime;

import dev.stagegraph.Execution;
import dev.stagegraph.FrameSink;
import dev.stagegraph.Param;
import dev.stagegraph.Pipeline;
import dev.stagegraph.report.FrameFailure;
import dev.stagegraph.report.Progress;
import dev.stagegraph.report.RunReport;
import dev.stagegraph.source.Feed;
import dev.stagegraph.source.FrameSource;
import dev.stagegraph.spi.StageNode;
import dev.stagegraph.PipelineFailedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One sequential run, executed entirely by the thread that calls {@link #await()}. Other threads
 * may call {@link #stop()} and {@link #abort}: both take effect between frames; abort also
 * interrupts the running thread if the current frame does not finish in time, and if it still
 * does not return within a grace, abort builds the report itself and names the thread (which
 * closes the instances if it ever returns, and leaves the report as abort made it).
 *
 * <p>Interrupts: the run's own interrupt (from {@link #abort}) is absorbed before {@code await}
 * returns, with a handshake so it can't land after that ({@link #interruptState}). An interrupt
 * from anyone else reaching the running thread (whoever runs {@code await} was interrupted) aborts
 * the run like {@link #abort}; the flag is set again when {@code await} returns and
 * {@link SequentialRunner#run} throws {@link InterruptedException}.
 */
final class SequentialExecution<S, R> implements Execution<S> {
    private final Pipeline<S, R> pipeline;
    private final List<FrameSource<S>> sources = new ArrayList<>();
    private final String[] names;
    /** Per source: a frame object of that source to pass back as {@code reuse}, or {@code null}. */
    private final Object[] reuse;
    /** Per source: frames taken (written by the running thread with opaque stores, read by meters on any thread). */
    private final long[] takenBy;
    private static final java.lang.invoke.VarHandle TAKEN = java.lang.invoke.MethodHandles.arrayElementVarHandle(long[].class);
    private final boolean timing;
    private final StageWorker[][] workers;
    private final Delivery<S, R> delivery;
    private final Slot slot;
    private final EndTimer sourceTimer = new EndTimer("source");
    private final Watchdog watchdog;
    private final TraceRecorder trace;
    private final Meters meters;
    private volatile long framesIn;
    private final CountDownLatch done = new CountDownLatch(1);
    private final List<Throwable> otherErrors = new ArrayList<>();

    private volatile boolean stopRequested;
    private volatile boolean abortRequested;
    private volatile boolean interruptedFromOutside;
    private volatile Thread runningThread;
    /** RUNNING, then DONE (the run ended first) or INTERRUPTING and INTERRUPTED (abort interrupted it). */
    private final java.util.concurrent.atomic.AtomicInteger interruptState = new java.util.concurrent.atomic.AtomicInteger();
    private static final int RUNNING = 0;
    private static final int INTERRUPTING = 1;
    private static final int INTERRUPTED = 2;
    private static final int DONE = 3;
    private FrameFailure fatal;
    private boolean started;
    private RunReport report;
    private PipelineFailedException failure;
    private List<S> unfinished = List.of();

    SequentialExecution(Pipeline<S, R> pipeline, List<Feed<S>> feeds, FrameSink<? super S, ? super R> sink, RunConfig config,
            Map<Param<?>, Object> params) {
        this.pipeline = pipeline;
        this.names = new String[feeds.size()];
        this.reuse = new Object[feeds.size()];
        this.takenBy = new long[feeds.size()];
        for (Feed<S> f : feeds) {
            names[sources.size()] = f.name();
            sources.add(f.source());
        }
        this.timing = config.timing();
        List<StageNode> nodes = pipeline.stages();
        this.workers = new StageWorker[nodes.size()][];
        FatalListener onFatal = f -> {
            if (fatal == null) {
                fatal = f;
            } else {
                otherErrors.add(f.cause());
            }
        };
        for (StageNode node : nodes) {
            int count = bySource(node) ? feeds.size() : node.inline() ? 1 : node.replicas();
            workers[node.index()] = new StageWorker[count];
            for (int r = 0; r < count; r++) {
                workers[node.index()][r] = new StageWorker(pipeline.name(), node, r, count, timing, onFatal, this::halting, params);
            }
        }
        this.trace = config.newTrace(nodes.size());
        this.delivery = new Delivery<>(sink, nodes, pipeline.resultStage().index(), timing, onFatal, this::halting, trace, names.length);
        this.slot = new Slot(nodes.size());
        List<StageWorker> all = new ArrayList<>();
        for (StageWorker[] replicas : workers) {
            all.addAll(List.of(replicas));
        }
        this.watchdog = new Watchdog(all, 0, () -> 0, () -> 0, () -> "");
        this.meters = config.registry() == null ? null : Meters.bind(config.registry(), pipeline.name(), "sequential", RunId.next(), workers,
                delivery, () -> framesIn, () -> 0, null, null);
        if (meters != null) {
            for (int k = 0; k < names.length; k++) {
                int source = k;
                meters.source(names[k], () -> (long) TAKEN.getOpaque(takenBy, source), () -> 0);
            }
        }
    }

    /**
     * Whether a throwable on the running thread is the run being halted rather than a failure: the
     * run is aborting, or the thread was interrupted (by abort, or by someone who wants the run to
     * end: that aborts it).
     */
    private boolean halting(Throwable t) {
        if (abortRequested) {
            return true;
        }
        if (Thread.currentThread().isInterrupted() || t instanceof InterruptedException
                || t instanceof java.nio.channels.ClosedByInterruptException || t instanceof java.io.InterruptedIOException) {
            interruptedFromOutside = true;
            return true;
        }
        return false;
    }

    private boolean ending() {
        if (!interruptedFromOutside && Thread.currentThread().isInterrupted() && interruptState.get() == RUNNING) {
            interruptedFromOutside = true;
        }
        return abortRequested || interruptedFromOutside || fatal != null;
    }

    /** Whether an interrupt of the thread running {@code await} (not the run's own) ended the run. */
    boolean endedByInterrupt() {
        return interruptedFromOutside;
    }

    @Override
    public RunReport await() {
        synchronized (this) {
            if (started) {
                if (report == null) {
                    throw new IllegalStateException("await() is already running on thread " + runningThread.getName()
                            + ": a sequential run executes on the one thread that calls await()");
                }
                return result();
            }
            started = true;
            runningThread = Thread.currentThread();
        }
        Thread watcher = null;
        if (watchdog.needed()) {
            watcher = new Thread(watchdog, "stagegraph-" + pipeline.name() + "-watchdog");
            watcher.setDaemon(true);
            watcher.start();
        }
        try {
            execute();
        } finally {
            if (watcher != null) {
                watchdog.stop();
                joinUninterruptibly(watcher);
            }
            absorbOwnInterrupt();
            runningThread = null;
            done.countDown();
        }
        return result();
    }

    /** Clears abort's interrupt (waiting for it if abort is delivering it now), and restores an outside one. */
    private void absorbOwnInterrupt() {
        if (!interruptState.compareAndSet(RUNNING, DONE)) {
            while (interruptState.get() != INTERRUPTED) {
                Thread.onSpinWait();
            }
            Thread.interrupted();
        }
        if (interruptedFromOutside) {
            Thread.currentThread().interrupt();
        }
    }

    private static void joinUninterruptibly(Thread t) {
        boolean interrupted = false;
        while (t.isAlive()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized RunReport result() {
        if (failure != null) {
            throw failure;
        }
        return report;
    }

    private void execute() {
        long start = System.nanoTime();
        long first = 0;
        long end = 0;
        long openNanos = 0;
        int sourcesOpened = 0;
        boolean frameInFlight = false;
        try {
            try {
                for (FrameSource<S> source : sources) {
                    source.open();
                    sourcesOpened++;
                }
                for (StageWorker[] replicas : workers) {
                    for (StageWorker w : replicas) {
                        try {
                            w.open();
                        } catch (Throwable t) {
                            if (!halting(t)) {
                                fatal = new FrameFailure(w.node.name(), w.replica, -1, t);
                            }
                            return;
                        }
                    }
                }
            } catch (Throwable t) {
                if (!halting(t)) {
                    fatal = new FrameFailure("source", 0, -1, t);
                }
                return;
            }
            openNanos = System.nanoTime() - start;
            first = System.nanoTime();
            frameInFlight = feedRoundRobin();
            end = System.nanoTime();
        } finally {
            List<Throwable> closeErrors = closeAll(sourcesOpened);
            finishReport(frameInFlight, openNanos, first == 0 ? 0 : (end == 0 ? System.nanoTime() : end) - first,
                    closeErrors);
        }
    }

    /**
     * Takes one frame from each source that still has frames in turn, runs it through every stage
     * and delivers it. Deals a source's {@code n}th frame to replica {@code (n + source position)
     * % replicas}, as the parallel runner does.
     *
     * @return whether a frame was left in flight
     */
    @SuppressWarnings("unchecked")
    private boolean feedRoundRobin() {
        int count = sources.size();
        long[] numbers = new long[count];
        long[] previous = new long[count];
        java.util.Arrays.fill(previous, Long.MIN_VALUE);
        boolean[] ended = new boolean[count];
        int active = count;
        for (int k = 0; active > 0 && !stopRequested && !ending(); k = (k + 1) % count) {
            if (ended[k]) {
                continue;
            }
            FrameSource<S> source = sources.get(k);
            S input;
            long readStart = timing ? sourceTimer.begin() : 0L;
            S reusable = (S) reuse[k];
            reuse[k] = null;
            try {
                input = source.next(reusable);
            } catch (Throwable t) {
                reuse[k] = reusable;
                if (!halting(t)) {
                    fatal = new FrameFailure("source", 0, numbers[k], t);
                }
                return false;
            }
            long readEnd = timing ? sourceTimer.end(readStart) : System.nanoTime();
            if (input == null) {
                reuse[k] = reusable;
                ended[k] = true;
                active--;
                endOfStream(k, numbers[k]);
                continue;
            }
            framesIn++;
            TAKEN.setOpaque(takenBy, k, takenBy[k] + 1);
            slot.take(numbers[k], numbers[k] + k, names[k], input, source.timestampNanos(), readEnd);
            slot.feed = k;
            slot.owner = k;
            slot.previousTimestampNanos = previous[k];
            previous[k] = slot.timestampNanos;
            numbers[k]++;
            for (StageWorker[] replicas : workers) {
                StageWorker w = bySource(replicas[0].node) ? replicas[k] : replicas[(int) (slot.index % replicas.length)];
                w.process(slot);
                if (ending()) {
                    return true;
                }
            }
            if (!delivery.deliver(slot)) {
                return true;
            }
            reuse[k] = slot.input;
            slot.input = null;
        }
        return false;
    }

    /** Source {@code k} ended: every instance emits its final state for it, in topological order, then the sink hears of the end. */
    private void endOfStream(int k, long total) {
        String sourceName = names[k];
        for (StageWorker[] replicas : workers) {
            for (StageWorker w : replicas) {
                if (fatal != null || abortRequested) {
                    return;
                }
                if (!w.hearsEndOf(k)) {
                    continue;
                }
                try {
                    w.endOfStream(sourceName);
                } catch (Throwable t) {
                    fatal = new FrameFailure(w.node.name(), w.replica, -1,
                            new IllegalStateException(w.describe() + " failed in endOfStream(\"" + sourceName + "\")", t));
                }
            }
        }
        delivery.endOfStream(total, k, sourceName);
    }

    private List<Throwable> closeAll(int sourcesOpened) {
        List<Throwable> errors = new ArrayList<>();
        for (int i = workers.length - 1; i >= 0; i--) {
            for (int r = workers[i].length - 1; r >= 0; r--) {
                StageWorker w = workers[i][r];
                try {
                    w.close();
                } catch (Throwable t) {
                    errors.add(new IllegalStateException(w.describe() + " failed to close", t));
                }
            }
        }
        for (int k = 0; k < sourcesOpened; k++) {
            try {
                sources.get(k).close();
            } catch (Throwable t) {
                errors.add(new IllegalStateException(sources.size() == 1 ? "closing the source failed"
                        : "closing the source '" + names[k] + "' failed", t));
            }
        }
        return errors;
    }

    @SuppressWarnings("unchecked")
    private synchronized void finishReport(boolean frameInFlight, long openNanos, long wall,
            List<Throwable> closeErrors) {
        if (report != null) {
            return; // abort gave up on this thread and reported the run already
        }
        long aborted = 0;
        if (frameInFlight && delivery.deliverUnfinished(slot, true, otherErrors::add)) {
            aborted = 1;
            unfinished = List.of((S) slot.input);
        } else if (slot.input != null) {
            release(slot.feed, slot.input);
        }
        slot.input = null;
        for (int k = 0; k < reuse.length; k++) {
            if (reuse[k] != null && reuse[k] != slot.input) {
                release(k, reuse[k]);
            }
            reuse[k] = null;
        }
        Map<String, String> notes = new LinkedHashMap<>();
        notes.put("threads", "1 (the caller's)");
        Reports.Counts counts = new Reports.Counts(framesIn, delivery.completed(), delivery.failed(), 0, aborted);
        List<String> warnings = new ArrayList<>(watchdog.incidents());
        if (trace != null) {
            try {
                trace.write(pipeline.stages(), (stage, replica) -> 1, List.of("source", Thread.currentThread().getName(), "sink"));
            } catch (java.io.IOException e) {
                warnings.add("the trace could not be written to " + trace.file() + ": " + e);
            }
        }
        report = Reports.build(pipeline, "sequential", workers, sourceTimer, delivery.sinkTimer(), counts, openNanos, wall, delivery.endToEnd(),
                delivery.firstFailures(), notes, warnings, sourceReports(wall));
        failure = Reports.failure(fatal, otherErrors, closeErrors, report);
    }

    /**
     * Whether the stage has one instance per source, as in the parallel runner: a per-source stage,
     * and a map on the source port (which runs on each source's publishing thread there).
     */
    private static boolean bySource(StageNode node) {
        return node.perSource() || node.inline() && node.input(0) == StageNode.SOURCE;
    }

    /** One report per source; the sequential runner drops nothing. */
    private List<dev.stagegraph.report.SourceReport> sourceReports(long wallNanos) {
        return delivery.sourceReports(names, takenBy.clone(), new long[names.length], wallNanos);
    }

    @SuppressWarnings("unchecked")
    private void release(int k, Object frame) {
        try {
            sources.get(k).release((S) frame);
        } catch (Throwable t) {
            otherErrors.add(new IllegalStateException("releasing a frame failed", t));
        }
    }

    @Override
    public boolean awaitEnd(Duration timeout) throws InterruptedException {
        return done.await(Deadline.nanos(timeout, "awaitEnd"), TimeUnit.NANOSECONDS);
    }

    @Override
    public void stop() {
        stopRequested = true;
    }

    /**
     * Bounded, and never throws the run's failure: waits {@code timeout} for the frame in flight,
     * interrupts the running thread, waits a grace (at most a second), and if the thread still has
     * not returned builds the report here, naming it.
     */
    @Override
    public RunReport abort(Duration timeout) {
        long nanos = Deadline.nanos(timeout, "abort");
        checkNotOwnThread("abort()");
        abortRequested = true;
        synchronized (this) {
            if (!started) {
                return endUnstarted();
            }
        }
        Deadline d = new Deadline();
        d.tighten(nanos);
        if (!d.await(done, d::loops)) {
            interruptRunning();
            d.await(done, d::afterInterrupt);
        }
        d.restoreInterrupt();
        synchronized (this) {
            if (report == null) {
                reportWithoutTheRunningThread();
            }
            return failure != null ? failure.report() : report;
        }
    }

    private void interruptRunning() {
        Thread running = runningThread;
        if (running != null && interruptState.compareAndSet(RUNNING, INTERRUPTING)) {
            running.interrupt();
            interruptState.set(INTERRUPTED);
        }
    }

    /** The running thread ignored the interrupt: the frame in flight is aborted, the instances stay with that thread. */
    @SuppressWarnings("unchecked")
    private void reportWithoutTheRunningThread() {
        Thread running = runningThread;
        long in = framesIn;
        long completed = delivery.completed();
        long failedFrames = delivery.failed();
        long aborted = Math.max(0, in - completed - failedFrames);
        Object inFlight = slot.input;
        if (aborted > 0 && inFlight != null) {
            unfinished = List.of((S) inFlight);
        }
        List<String> warnings = new ArrayList<>(watchdog.incidents());
        warnings.add("thread " + (running == null ? "?" : running.getName()) + " (the run's thread) ignored interrupts and is still"
                + " running; it closes the instances if it returns" + (running == null ? "" : ", at:" + Watchdog.stack(running.getStackTrace())));
        report = Reports.build(pipeline, "sequential", workers, sourceTimer, delivery.sinkTimer(),
                new Reports.Counts(in, completed, failedFrames, 0, aborted), 0, 0, delivery.endToEnd(),
                List.copyOf(delivery.firstFailures()), Map.of("threads", "1 (the caller's)"), warnings, sourceReports(0));
        failure = null;
    }

    /** The thread running the run (or its watchdog) can't wait for it. */
    private void checkNotOwnThread(String call) {
        Thread running = runningThread;
        if (running == Thread.currentThread()) {
            throw new IllegalStateException(call + " was called on " + running.getName() + ", the thread running this sequential"
                    + " run, which would have to wait for itself: call it from another thread (a stage or sink may call stop(),"
                    + " or throw to fail the run)");
        }
    }

    @Override
    public Progress progress() {
        long length = 0;
        for (FrameSource<S> source : sources) {
            length = length < 0 || source.length() < 0 ? -1 : length + source.length();
        }
        return new Progress(framesIn, delivery.completed(), delivery.failed(), 0, length);
    }

    /** Ends a run nobody started: nothing opened, nothing to close. Called holding the lock. */
    private RunReport endUnstarted() {
        started = true;
        report = Reports.build(pipeline, "sequential", workers, sourceTimer, delivery.sinkTimer(), new Reports.Counts(0, 0, 0, 0, 0),
                0, 0, delivery.endToEnd(),
                List.of(), Map.of(), List.of(), sourceReports(0));
        done.countDown();
        return report;
    }

    @Override
    public synchronized List<S> unfinished() {
        return unfinished;
    }

    @Override
    public void close() {
        checkNotOwnThread("close()");
        if (meters != null) {
            meters.remove();
        }
        synchronized (this) {
            if (!started) {
                endUnstarted();
                return;
            }
        }
        stop();
        try {
            done.await();
        } catch (InterruptedException e) {
            abort(Duration.ofSeconds(5));
            Thread.currentThread().interrupt();
        }
    }
}
