package dev.stagegraph.runtime;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.WaitStrategy;
import dev.stagegraph.Execution;
import dev.stagegraph.FrameSink;
import dev.stagegraph.Param;
import dev.stagegraph.Pipeline;
import dev.stagegraph.PipelineFailedException;
import dev.stagegraph.report.FrameFailure;
import dev.stagegraph.report.Progress;
import dev.stagegraph.report.RunReport;
import dev.stagegraph.source.Feed;
import dev.stagegraph.spi.StageNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One parallel run: a ring of frame slots, one thread per stage instance, a source thread and,
 * when the result stage is replicated, a sink thread. The parts: {@link ParallelStages} (the
 * instances and their wiring on the ring), {@link RunThreads}, {@link ParallelLoops} (what the
 * threads run), {@link ParallelTeardown} (the end of the run and its accounting),
 * {@link ParallelFeedControl} (the run as its sources see it).
 *
 * <h2>How it works</h2>
 * The ring holds preallocated {@link Slot}s; a slot carries a frame and one output cell per stage.
 * The source thread claims the next sequence, puts the frame in that slot and publishes it. Each
 * stage instance runs a loop on its own thread, with its own {@link Sequence}, behind a
 * {@link SequenceBarrier} on the sequences of the stages it reads (the ring's cursor for stages that
 * read the source): when the barrier says slot {@code n} is ready, every input cell of slot
 * {@code n} has been written, so the stage reads them, writes its own cell and advances its
 * sequence. Stages that share no path wait on different barriers and run at the same time; each
 * stage works on its own slot, so successive frames flow through the stages like an assembly line.
 * No data is copied or queued between stages and nothing is allocated per frame.
 *
 * <p>A replicated stage has one thread per replica, each seeing every sequence and taking the frames
 * whose number is its own modulo the replica count, skipping (but passing) the others. A
 * downstream barrier waits on every replica's sequence, so it only passes slot {@code n} once the
 * replica that owns {@code n} is done: order is restored for free. The sink waits on the result
 * stage, which transitively waits on every stage, delivers in sequence order, clears the slot's
 * cells and advances the one sequence the ring gates on; when the result stage has a single
 * instance, that instance delivers on its own thread right after its call, and its sequence is the
 * one the ring gates on. The source waits for that sequence
 * (or drops, for a live source) when {@code maxInFlight} frames are in flight.
 *
 * <h2>Start and stop</h2>
 * Every instance opens on its own thread, all at once, while the source opens on its thread; the
 * source feeds nothing until every open has returned. The end of the source travels through the
 * ring as an end-of-stream slot: each loop passes it on and exits, so a normal run ends without any
 * alert, after every frame is delivered. A failure (an open that threw, a fail-fast stage, the
 * source, the sink) or {@link #abort} alerts every barrier instead; loops leave at the next frame
 * boundary. The runtime owns its threads: it waits for their loops within one {@link Deadline}
 * (which an abort may tighten while {@code await} tears down), interrupts those that do not return
 * in time, lets each instance close on its own thread ({@link Party}) in reverse topological order
 * and then the source, and walks the slots between the sink's sequence and the cursor to account
 * for every unfinished frame. {@link #abort} never throws the run's failure; the run's own threads
 * may not call {@code await}, {@code abort} or {@code close}.
 */
final class ParallelExecution<S, R> implements Execution<S> {
    // Package-private state: ParallelLoops runs the threads on it, ParallelTeardown ends the run with it.
    final Pipeline<S, R> pipeline;
    final int maxInFlight;
    final WaitStrategy waitStrategy;
    private final Duration stopTimeout;

    final RingBuffer<Slot> ring;
    final ParallelStages stages;
    final Sequence sinkSequence = new Sequence();
    private final SequenceBarrier sinkBarrier;
    final Feeds<S> feeds;
    final Delivery<S, R> delivery;
    final RunThreads threads = new RunThreads(this::onFatal);
    final Deadline deadline = new Deadline();
    final Watchdog watchdog;
    final TraceRecorder trace;
    private final Meters meters;
    private final ParallelTeardown<S, R> teardown = new ParallelTeardown<>(this);

    final CountDownLatch opened;
    final CountDownLatch ended = new CountDownLatch(1);
    final AtomicReference<FrameFailure> fatal = new AtomicReference<>();
    final List<Throwable> otherErrors = Collections.synchronizedList(new ArrayList<>());
    private final RunId runId = RunId.next();
    volatile boolean stopRequested;
    volatile boolean abortRequested;

    volatile long startNanos;
    volatile long endNanos;

    // Written by the teardown under this object's monitor.
    RunReport report;
    PipelineFailedException failure;
    List<S> unfinished = List.of();

    ParallelExecution(Pipeline<S, R> pipeline, List<Feed<S>> sources, FrameSink<? super S, ? super R> sink, RunConfig config,
            Map<Param<?>, Object> params) {
        this.pipeline = pipeline;
        this.maxInFlight = config.maxInFlight();
        this.waitStrategy = WaitStrategies.checked(config.waitStrategy().get());
        boolean timing = config.timing();
        this.stopTimeout = config.stopTimeout();
        Duration stallTimeout = config.stallTimeout();
        int ringSize = Feeds.ringSize(sources, config);
        List<StageNode> nodes = pipeline.stages();
        int stageCount = nodes.size();
        int sourceCount = sources.size();
        this.ring = sourceCount == 1 ? RingBuffer.createSingleProducer(() -> new Slot(stageCount), ringSize, waitStrategy)
                : RingBuffer.createMultiProducer(() -> new Slot(stageCount), ringSize, waitStrategy);
        FatalListener onFatal = this::onFatal;
        this.feeds = Feeds.create(sources, ring, sinkSequence, config, new ParallelFeedControl(this));
        this.stages = new ParallelStages(pipeline, ring, feeds, sinkSequence, config.fuseFromSources(),
                (node, r, count) -> new StageWorker(pipeline.name(), node, r, count, timing, onFatal, t -> abortRequested, params));
        this.sinkBarrier = ring.newBarrier(stages.sequences[pipeline.resultStage().index()]);
        ring.addGatingSequences(sinkSequence);
        this.trace = config.newTrace(stageCount);
        this.delivery = new Delivery<>(sink, nodes, pipeline.resultStage().index(), timing, onFatal, t -> abortRequested, trace,
                sourceCount);
        if (trace == null) {
            stages.sampleTiming();
            delivery.sinkTimer().sampleCalls();
        }
        this.opened = new CountDownLatch(stages.threaded + sourceCount);
        ParallelLoops<S, R> loops = new ParallelLoops<>(this, ring, feeds, delivery, stages.sinkHost, sinkSequence, sinkBarrier,
                waitStrategy);

        String prefix = "stagegraph-" + pipeline.name() + "-";
        threads.make(prefix, stages, loops, feeds);
        this.watchdog = new Watchdog(new ArrayList<>(threads.stageThreads.values()), stallTimeout == null ? 0 : stallTimeout.toNanos(),
                sinkSequence::get, () -> ring.getCursor() - sinkSequence.get() + feeds.staged(),
                () -> stages.describeStall(threads.sink, feeds));
        if (watchdog.needed()) {
            threads.newThread(prefix + "watchdog", "watchdog", 0, watchdog);
        }
        this.meters = config.registry() == null ? null : Meters.bind(config.registry(), pipeline.name(), "parallel", runId,
                stages.workers, delivery, this::framesTaken, this::framesDropped, () -> ring.getCursor() - sinkSequence.get(),
                stages::backlog);
        if (meters != null) {
            for (SourceFeed<S> f : feeds.all) {
                meters.source(f.sourceName(), f::framesIn, f::dropped);
            }
        }
    }

    void start() {
        startNanos = System.nanoTime();
        for (StageWorker[] replicas : stages.workers) {
            for (StageWorker w : replicas) {
                if (w.node.inline()) {
                    openInline(w);
                }
            }
        }
        threads.startAll();
    }

    private double framesTaken() {
        return feeds.framesIn();
    }

    private double framesDropped() {
        return feeds.dropped();
    }

    /** Inline stages have no set-up of their own (their open only makes the adapter), so they open here. */
    private void openInline(StageWorker w) {
        try {
            w.open();
        } catch (Throwable t) {
            onOpenFailure(w.node.name(), w.replica, t);
        }
    }

    // ---- failures ----

    private void onOpenFailure(String stage, int replica, Throwable t) {
        onFatal(new FrameFailure(stage, replica, -1, t));
    }

    void onFatal(FrameFailure f) {
        if (fatal.compareAndSet(null, f)) {
            haltAll();
            ended.countDown();
        } else {
            otherErrors.add(f.cause());
        }
    }

    /** Stops every loop at its next frame boundary; the runtime's own threads are woken as well. */
    void haltAll() {
        abortRequested = true;
        for (SequenceBarrier[] replicas : stages.barriers) {
            for (SequenceBarrier b : replicas) {
                b.alert();
            }
        }
        sinkBarrier.alert();
        feeds.halt();
        threads.interruptFeeders();
    }

    // ---- Execution ----

    @Override
    public RunReport await() throws InterruptedException {
        checkNotOwnThread("await()");
        ended.await();
        finish(stopTimeout.toNanos());
        synchronized (this) {
            if (failure != null) {
                throw failure;
            }
            return report;
        }
    }

    @Override
    public boolean awaitEnd(Duration timeout) throws InterruptedException {
        return ended.await(Deadline.nanos(timeout, "awaitEnd"), TimeUnit.NANOSECONDS);
    }

    @Override
    public void stop() {
        stopRequested = true;
    }

    /**
     * Never throws the run's failure: whatever happened, the caller gets the report. The timeout
     * is checked before anything stops; a thread interrupted while aborting still gets the report,
     * with its interrupt flag set again.
     */
    @Override
    public RunReport abort(Duration timeout) {
        long nanos = Deadline.nanos(timeout, "abort");
        checkNotOwnThread("abort()");
        deadline.tighten(nanos);
        haltAll();
        threads.interruptSources();
        ended.countDown();
        finish(nanos);
        synchronized (this) {
            return failure != null ? failure.report() : report;
        }
    }

    /** A run's own threads can't wait for the run: they are part of what it waits for. */
    private void checkNotOwnThread(String call) {
        if (threads.all.contains(Thread.currentThread())) {
            throw new IllegalStateException(call + " was called on " + Thread.currentThread().getName()
                    + ", one of the run's own threads, which the run would have to wait for: call it from another thread"
                    + " (a stage or sink may call stop(), or throw to fail the run)");
        }
    }

    @Override
    public Progress progress() {
        return new Progress(feeds.framesIn(), delivery.completed(), delivery.failed(), feeds.dropped(), feeds.length());
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
        if (isFinished()) {
            return;
        }
        stop();
        try {
            ended.await();
            finish(stopTimeout.toNanos());
        } catch (InterruptedException e) {
            abort(stopTimeout);
            Thread.currentThread().interrupt();
        }
    }

    private synchronized boolean isFinished() {
        return report != null;
    }

    /** Tears the run down once (see {@link ParallelTeardown#finish}). */
    private synchronized void finish(long timeoutNanos) {
        teardown.finish(timeoutNanos);
    }
}
