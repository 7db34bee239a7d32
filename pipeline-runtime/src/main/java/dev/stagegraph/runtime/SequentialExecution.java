package dev.stagegraph.runtime;

import dev.stagegraph.Execution;
import dev.stagegraph.FrameSink;
import dev.stagegraph.Param;
import dev.stagegraph.Pipeline;
import dev.stagegraph.report.FrameFailure;
import dev.stagegraph.report.Progress;
import dev.stagegraph.report.RunReport;
import dev.stagegraph.source.Feed;
import java.time.Duration;
import java.util.ArrayList;
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
 * <p>The parts: {@link SequentialControl} (requests, interrupts, the fatal failure),
 * {@link SequentialPlan} (the instances and which one takes each frame), {@link SequentialFrames}
 * (the sources and the frame loop) and {@link SequentialReports} (the report, however the run
 * ends). An interrupt from outside reaching the running thread aborts the run like
 * {@link #abort}; the flag is set again when {@code await} returns and
 * {@link SequentialRunner#run} throws {@link InterruptedException}.
 */
final class SequentialExecution<S, R> implements Execution<S> {
    private final Pipeline<S, R> pipeline;
    private final SequentialControl control = new SequentialControl();
    private final SequentialPlan plan;
    private final SequentialFrames<S> frames;
    private final Delivery<S, R> delivery;
    private final Watchdog watchdog;
    private final SequentialReports<S> reports;
    private final Meters meters;
    private final CountDownLatch done = new CountDownLatch(1);
    /** Guarded by {@code this}. */
    private boolean started;

    SequentialExecution(Pipeline<S, R> pipeline, List<Feed<S>> feeds, FrameSink<? super S, ? super R> sink, RunConfig config,
            Map<Param<?>, Object> params) {
        this.pipeline = pipeline;
        boolean timing = config.timing();
        this.plan = new SequentialPlan(pipeline, feeds.size(), timing, control, params);
        TraceRecorder trace = config.newTrace(pipeline.stages().size());
        this.delivery = new Delivery<>(sink, pipeline.stages(), pipeline.resultStage().index(), timing, control.onFatal,
                control::halting, trace, feeds.size());
        Slot slot = new Slot(pipeline.stages().size());
        this.frames = new SequentialFrames<>(feeds, timing, slot, plan, delivery, control);
        this.watchdog = new Watchdog(plan.all(), 0, () -> 0, () -> 0, () -> "");
        this.reports = new SequentialReports<>(pipeline, plan, frames, delivery, slot, control, watchdog, trace);
        this.meters = config.registry() == null ? null : Meters.bind(config.registry(), pipeline.name(), "sequential", RunId.next(),
                plan.workers, delivery, frames::framesIn, () -> 0, null, null);
        if (meters != null) {
            for (int k = 0; k < frames.names.length; k++) {
                int source = k;
                meters.source(frames.names[k], () -> frames.taken(source), () -> 0);
            }
        }
    }

    /** Whether an interrupt of the thread running {@code await} (not the run's own) ended the run. */
    boolean endedByInterrupt() {
        return control.endedByInterrupt();
    }

    @Override
    public RunReport await() {
        synchronized (this) {
            if (started) {
                if (reports.report == null) {
                    throw new IllegalStateException("await() is already running on thread " + control.runningThread.getName()
                            + ": a sequential run executes on the one thread that calls await()");
                }
                return result();
            }
            started = true;
            control.runningThread = Thread.currentThread();
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
            control.absorbOwnInterrupt();
            control.runningThread = null;
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
        if (reports.failure != null) {
            throw reports.failure;
        }
        return reports.report;
    }

    /** Opens the sources and the instances, runs the frames, closes everything and reports, on the calling thread. */
    private void execute() {
        long start = System.nanoTime();
        long first = 0;
        long end = 0;
        long openNanos = 0;
        boolean frameInFlight = false;
        try {
            try {
                frames.open();
            } catch (Throwable t) {
                if (!control.halting(t)) {
                    control.fail(new FrameFailure("source", 0, -1, t));
                }
                return;
            }
            if (!plan.open(control)) {
                return;
            }
            openNanos = System.nanoTime() - start;
            first = System.nanoTime();
            frameInFlight = frames.run();
            end = System.nanoTime();
        } finally {
            List<Throwable> closeErrors = new ArrayList<>();
            plan.close(closeErrors);
            frames.close(closeErrors);
            long wall = first == 0 ? 0 : (end == 0 ? System.nanoTime() : end) - first;
            synchronized (this) {
                reports.finish(frameInFlight, openNanos, wall, closeErrors);
            }
        }
    }

    @Override
    public boolean awaitEnd(Duration timeout) throws InterruptedException {
        return done.await(Deadline.nanos(timeout, "awaitEnd"), TimeUnit.NANOSECONDS);
    }

    @Override
    public void stop() {
        control.stopRequested = true;
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
        control.requestAbort();
        synchronized (this) {
            if (!started) {
                return endUnstarted();
            }
        }
        Deadline d = new Deadline();
        d.tighten(nanos);
        if (!d.await(done, d::loops)) {
            control.interruptRunning();
            d.await(done, d::afterInterrupt);
        }
        d.restoreInterrupt();
        synchronized (this) {
            if (reports.report == null) {
                reports.withoutTheRunningThread();
            }
            return reports.failure != null ? reports.failure.report() : reports.report;
        }
    }

    /** The thread running the run (or its watchdog) can't wait for it. */
    private void checkNotOwnThread(String call) {
        Thread running = control.runningThread;
        if (running == Thread.currentThread()) {
            throw new IllegalStateException(call + " was called on " + running.getName() + ", the thread running this sequential"
                    + " run, which would have to wait for itself: call it from another thread (a stage or sink may call stop(),"
                    + " or throw to fail the run)");
        }
    }

    @Override
    public Progress progress() {
        return new Progress(frames.framesIn(), delivery.completed(), delivery.failed(), 0, frames.length());
    }

    /** Ends a run nobody started: nothing opened, nothing to close. Called holding the lock. */
    private RunReport endUnstarted() {
        started = true;
        reports.unstarted();
        done.countDown();
        return reports.report;
    }

    @Override
    public synchronized List<S> unfinished() {
        return reports.unfinished;
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
