package dev.stagegraph.runtime;

import dev.stagegraph.Execution;
import dev.stagegraph.FrameSink;
import dev.stagegraph.Param;
import dev.stagegraph.Pipeline;
import dev.stagegraph.report.FrameFailure;
import dev.stagegraph.report.Progress;
import dev.stagegraph.report.RunReport;
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
 * interrupts the running thread if the current frame does not finish in time.
 */
final class SequentialExecution<S, R> implements Execution<S> {
    private final Pipeline<S, R> pipeline;
    private final FrameSource<S> source;
    private final boolean timing;
    private final StageWorker[][] workers;
    private final Delivery<S, R> delivery;
    private final Slot slot;
    private final EndTimer sourceTimer = new EndTimer("source");
    private final Watchdog watchdog;
    private final TraceRecorder trace;
    private final Meters meters;
    private volatile long framesIn;
    private final String sourceName;
    private final CountDownLatch done = new CountDownLatch(1);
    private final List<Throwable> otherErrors = new ArrayList<>();

    private volatile boolean stopRequested;
    private volatile boolean abortRequested;
    private volatile Thread runningThread;
    private FrameFailure fatal;
    private boolean started;
    private RunReport report;
    private PipelineFailedException failure;
    private List<S> unfinished = List.of();

    SequentialExecution(Pipeline<S, R> pipeline, FrameSource<S> source, FrameSink<? super S, ? super R> sink, RunConfig config,
            Map<Param<?>, Object> params) {
        this.pipeline = pipeline;
        this.source = source;
        this.sourceName = source.name();
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
            int count = node.inline() ? 1 : node.replicas();
            workers[node.index()] = new StageWorker[count];
            for (int r = 0; r < count; r++) {
                workers[node.index()][r] = new StageWorker(pipeline.name(), node, r, count, timing, onFatal, () -> abortRequested, params);
            }
        }
        this.trace = config.newTrace(nodes.size());
        this.delivery = new Delivery<>(sink, nodes, pipeline.resultStage().index(), timing, onFatal, trace);
        this.slot = new Slot(nodes.size());
        List<StageWorker> all = new ArrayList<>();
        for (StageWorker[] replicas : workers) {
            all.addAll(List.of(replicas));
        }
        this.watchdog = new Watchdog(all, 0, () -> 0, () -> 0, () -> "");
        this.meters = config.registry() == null ? null : Meters.bind(config.registry(), pipeline.name(), "sequential", workers,
                delivery, () -> framesIn, () -> 0, null, null);
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
            runningThread = null;
            done.countDown();
        }
        return result();
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

    @SuppressWarnings("unchecked")
    private void execute() {
        long start = System.nanoTime();
        long first = 0;
        long end = 0;
        long openNanos = 0;
        boolean sourceOpened = false;
        boolean frameInFlight = false;
        try {
            try {
                source.open();
                sourceOpened = true;
                for (StageWorker[] replicas : workers) {
                    for (StageWorker w : replicas) {
                        try {
                            w.open();
                        } catch (Throwable t) {
                            fatal = new FrameFailure(w.node.name(), w.replica, -1, t);
                            return;
                        }
                    }
                }
            } catch (Throwable t) {
                fatal = new FrameFailure("source", 0, -1, t);
                return;
            }
            openNanos = System.nanoTime() - start;
            first = System.nanoTime();
            long frame = 0;
            while (!stopRequested && !abortRequested && fatal == null) {
                S input;
                long readStart = timing ? sourceTimer.begin() : 0L;
                try {
                    input = source.next((S) slot.input);
                } catch (Throwable t) {
                    fatal = new FrameFailure("source", 0, frame, t);
                    break;
                }
                long readEnd = timing ? sourceTimer.end(readStart) : System.nanoTime();
                if (input == null) {
                    endOfStream(frame);
                    break;
                }
                framesIn++;
                slot.take(frame, frame, sourceName, input, source.timestampNanos(), readEnd);
                frame++;
                frameInFlight = true;
                for (StageWorker[] replicas : workers) {
                    StageWorker w = replicas[(int) (slot.index % replicas.length)];
                    w.process(slot);
                    if (fatal != null || abortRequested) {
                        break;
                    }
                }
                if (fatal != null || abortRequested) {
                    break;
                }
                delivery.deliver(slot);
                frameInFlight = false;
            }
            end = System.nanoTime();
        } finally {
            List<Throwable> closeErrors = closeAll(sourceOpened);
            finishReport(frameInFlight, openNanos, first == 0 ? 0 : (end == 0 ? System.nanoTime() : end) - first,
                    closeErrors);
        }
    }

    /** The source ended: every instance emits its final state, in topological order, then the sink hears of the end. */
    private void endOfStream(long total) {
        for (StageWorker[] replicas : workers) {
            for (StageWorker w : replicas) {
                if (fatal != null || abortRequested) {
                    return;
                }
                try {
                    w.endOfStream(sourceName);
                } catch (Throwable t) {
                    fatal = new FrameFailure(w.node.name(), w.replica, -1,
                            new IllegalStateException(w.describe() + " failed in endOfStream(\"" + sourceName + "\")", t));
                }
            }
        }
        delivery.endOfStream(total, sourceName);
    }

    private List<Throwable> closeAll(boolean sourceOpened) {
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
        if (sourceOpened) {
            try {
                source.close();
            } catch (Throwable t) {
                errors.add(new IllegalStateException("closing the source failed", t));
            }
        }
        return errors;
    }

    @SuppressWarnings("unchecked")
    private synchronized void finishReport(boolean frameInFlight, long openNanos, long wall,
            List<Throwable> closeErrors) {
        long aborted = 0;
        if (frameInFlight && delivery.deliverUnfinished(slot, true, otherErrors::add)) {
            aborted = 1;
            unfinished = List.of((S) slot.input);
        } else if (slot.input != null) {
            try {
                source.release((S) slot.input);
            } catch (Throwable t) {
                otherErrors.add(new IllegalStateException("releasing a frame failed", t));
            }
        }
        slot.input = null;
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
                delivery.firstFailures(), notes, warnings);
        failure = Reports.failure(fatal, otherErrors, closeErrors, report);
    }

    @Override
    public boolean awaitEnd(Duration timeout) throws InterruptedException {
        return done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void stop() {
        stopRequested = true;
    }

    @Override
    public RunReport abort(Duration timeout) throws InterruptedException {
        abortRequested = true;
        synchronized (this) {
            if (!started) {
                return endUnstarted();
            }
        }
        if (!done.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            Thread running = runningThread;
            if (running != null) {
                running.interrupt();
            }
            done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        }
        synchronized (this) {
            if (report == null) {
                throw new IllegalStateException("the sequential run did not stop within " + timeout
                        + " after an interrupt: a stage ignores interrupts; the run's thread is " + runningThread);
            }
            return failure != null ? failure.report() : report;
        }
    }

    @Override
    public Progress progress() {
        return new Progress(framesIn, delivery.completed(), delivery.failed(), 0, source.length());
    }

    /** Ends a run nobody started: nothing opened, nothing to close. Called holding the lock. */
    private RunReport endUnstarted() {
        started = true;
        report = Reports.build(pipeline, "sequential", workers, sourceTimer, delivery.sinkTimer(), new Reports.Counts(0, 0, 0, 0, 0),
                0, 0, delivery.endToEnd(),
                List.of(), Map.of(), List.of());
        done.countDown();
        return report;
    }

    @Override
    public synchronized List<S> unfinished() {
        return unfinished;
    }

    @Override
    public void close() {
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
            Thread.currentThread().interrupt();
        }
    }
}
