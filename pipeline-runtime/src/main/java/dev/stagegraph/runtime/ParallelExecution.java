package dev.stagegraph.runtime;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.TimeoutException;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One parallel run: a ring of frame slots, one thread per stage instance, a source thread and a
 * sink thread.
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
 * replica that owns {@code n} is done: order is restored for free. The sink thread waits on the
 * result stage, which transitively waits on every stage, delivers in sequence order, clears the
 * slot's cells and advances the one sequence the ring gates on. The source waits for that sequence
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
    private final Pipeline<S, R> pipeline;
    private final int maxInFlight;
    private final WaitStrategy waitStrategy;
    private final ProgressWaitStrategy progressWait;
    private final boolean timing;
    private final Duration stopTimeout;

    private final RingBuffer<Slot> ring;
    private final StageWorker[][] workers;
    private final Sequence[][] sequences;
    private final SequenceBarrier[][] barriers;
    private final Sequence sinkSequence = new Sequence();
    private final SequenceBarrier sinkBarrier;
    private final Feeds<S> feeds;
    private final Delivery<S, R> delivery;
    private final List<Thread> threads = new ArrayList<>();
    private final Map<Thread, StageWorker> threadWorkers = new LinkedHashMap<>();
    private final Map<StageWorker, Party> parties = new LinkedHashMap<>();
    private final Deadline deadline = new Deadline();
    private final Map<Thread, Party> sourceThreads = new LinkedHashMap<>();
    private Thread sinkThread;
    private final List<Thread> feederThreads = new ArrayList<>();
    private final Watchdog watchdog;
    private final TraceRecorder trace;
    private final Meters meters;

    private final CountDownLatch opened;
    private final CountDownLatch ended = new CountDownLatch(1);
    private final AtomicReference<FrameFailure> fatal = new AtomicReference<>();
    private final List<Throwable> otherErrors = Collections.synchronizedList(new ArrayList<>());
    private final RunId runId = RunId.next();
    private volatile boolean stopRequested;
    private volatile boolean abortRequested;

    private volatile long startNanos;
    private volatile long endNanos;

    private RunReport report;
    private PipelineFailedException failure;
    private List<S> unfinished = List.of();

    ParallelExecution(Pipeline<S, R> pipeline, List<Feed<S>> sources, FrameSink<? super S, ? super R> sink, RunConfig config,
            Map<Param<?>, Object> params) {
        this.pipeline = pipeline;
        this.maxInFlight = config.maxInFlight();
        this.waitStrategy = WaitStrategies.checked(config.waitStrategy().get());
        this.progressWait = waitStrategy instanceof ProgressWaitStrategy p ? p : null;
        this.timing = config.timing();
        this.stopTimeout = config.stopTimeout();
        Duration stallTimeout = config.stallTimeout();
        int ringSize = Feeds.ringSize(sources, config);
        List<StageNode> nodes = pipeline.stages();
        int stageCount = nodes.size();
        int sourceCount = sources.size();
        this.ring = sourceCount == 1 ? RingBuffer.createSingleProducer(() -> new Slot(stageCount), ringSize, waitStrategy)
                : RingBuffer.createMultiProducer(() -> new Slot(stageCount, sourceCount), ringSize, waitStrategy);
        this.workers = new StageWorker[stageCount][];
        this.sequences = new Sequence[stageCount][];
        this.barriers = new SequenceBarrier[stageCount][];
        FatalListener onFatal = this::onFatal;
        this.feeds = Feeds.create(sources, ring, sinkSequence, config, new FeedControl());
        int instances = 0;
        for (StageNode node : nodes) {
            int i = node.index();
            if (node.inline()) {
                fuseInline(node, onFatal, params);
                continue;
            }
            int count = node.perSource() ? sourceCount : node.replicas();
            workers[i] = new StageWorker[count];
            sequences[i] = new Sequence[count];
            barriers[i] = new SequenceBarrier[count];
            Sequence[] upstream = upstreamSequences(node);
            for (int r = 0; r < count; r++) {
                workers[i][r] = new StageWorker(pipeline.name(), node, r, count, timing, onFatal, t -> abortRequested, params);
                sequences[i][r] = new Sequence();
                barriers[i][r] = ring.newBarrier(upstream);
                instances++;
            }
        }
        this.sinkBarrier = ring.newBarrier(sequences[pipeline.resultStage().index()]);
        ring.addGatingSequences(sinkSequence);
        this.trace = config.newTrace(stageCount);
        this.delivery = new Delivery<>(sink, nodes, pipeline.resultStage().index(), timing, onFatal, t -> abortRequested, trace,
                sourceCount);
        this.opened = new CountDownLatch(instances + sourceCount);

        String prefix = "stagegraph-" + pipeline.name() + "-";
        for (StageWorker[] replicas : workers) {
            if (replicas[0].node.inline()) {
                continue;
            }
            for (StageWorker w : replicas) {
                Sequence seq = sequences[w.node.index()][w.replica];
                SequenceBarrier barrier = barriers[w.node.index()][w.replica];
                Party party = new Party(w.describe());
                Thread t = newThread(prefix + w.node.name() + "-" + w.replica, w.node.name(), w.replica,
                        () -> runStage(w, party, seq, barrier));
                threadWorkers.put(t, w);
                parties.put(w, party);
            }
        }
        for (SourceFeed<S> feed : feeds.all) {
            String suffix = feeds.multi ? "-" + feed.sourceName() : "";
            Party party = feeds.parties.get(feed.ordinal);
            sourceThreads.put(newThread(prefix + "source" + suffix, "source", 0, () -> feed.runSource(party)), party);
            if (feed.needsFeeder()) {
                feederThreads.add(newThread(prefix + "feeder" + suffix, "feeder", 0, feed::feedLatest));
            }
        }
        sinkThread = newThread(prefix + "sink", "sink", 0, this::runSink);
        this.watchdog = new Watchdog(new ArrayList<>(threadWorkers.values()), stallTimeout == null ? 0 : stallTimeout.toNanos(),
                sinkSequence::get, () -> ring.getCursor() - sinkSequence.get(), this::describeStall);
        if (watchdog.needed()) {
            newThread(prefix + "watchdog", "watchdog", 0, watchdog);
        }
        this.meters = config.registry() == null ? null : Meters.bind(config.registry(), pipeline.name(), "parallel", runId, workers,
                delivery, this::framesTaken, this::framesDropped, () -> ring.getCursor() - sinkSequence.get(), this::backlog);
        if (meters != null) {
            for (SourceFeed<S> f : feeds.all) {
                meters.source(f.sourceName(), f::framesIn, f::dropped);
            }
        }
    }

    /**
     * An inline stage gets one worker per instance of its input's writer, run on that instance's
     * thread right after it (the source's: on the publishing thread), and shares its writer's
     * sequences: its cell is written before the writer advances, so readers wait on the writer.
     */
    private void fuseInline(StageNode node, FatalListener onFatal, Map<Param<?>, Object> params) {
        int i = node.index();
        int host = node.input(0);
        int count = host == StageNode.SOURCE ? feeds.size() : workers[host].length;
        workers[i] = new StageWorker[count];
        for (int r = 0; r < count; r++) {
            StageWorker w = new StageWorker(pipeline.name(), node, r, count, timing, onFatal, t -> abortRequested, params);
            workers[i][r] = w;
            if (host == StageNode.SOURCE) {
                SourceFeed<S> feed = feeds.get(r);
                feed.inline = append(feed.inline, w);
            } else {
                workers[host][r].inlineAfter = append(workers[host][r].inlineAfter, w);
            }
        }
        if (host != StageNode.SOURCE) {
            sequences[i] = sequences[host];
            barriers[i] = barriers[host];
        } else {
            sequences[i] = new Sequence[0];
        }
    }

    private static StageWorker[] append(StageWorker[] list, StageWorker w) {
        StageWorker[] more = java.util.Arrays.copyOf(list, list.length + 1);
        more[list.length] = w;
        return more;
    }

    private Sequence[] upstreamSequences(StageNode node) {
        List<Sequence> upstream = new ArrayList<>();
        for (int k = 0; k < node.inputCount(); k++) {
            int in = node.input(k);
            if (in != StageNode.SOURCE) {
                Collections.addAll(upstream, sequences[in]);
            }
        }
        return upstream.toArray(new Sequence[0]);
    }

    /**
     * A runtime thread whose body, if anything unexpected escapes it (a wait strategy that timed
     * out, a bug), fails the run instead of dying silently and leaving it hanging.
     */
    private Thread newThread(String name, String role, int replica, Runnable body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                onFatal(new FrameFailure(role, replica, -1, new IllegalStateException("runtime thread " + name + " failed", e)));
            }
        }, name);
        t.setDaemon(true);
        threads.add(t);
        return t;
    }

    void start() {
        startNanos = System.nanoTime();
        for (StageWorker[] replicas : workers) {
            for (StageWorker w : replicas) {
                if (w.node.inline()) {
                    openInline(w);
                }
            }
        }
        for (Thread t : threads) {
            t.start();
        }
    }

    private double framesTaken() {
        return feeds.framesIn();
    }

    private double framesDropped() {
        return feeds.dropped();
    }

    /** The run as its source feed sees it. */
    private final class FeedControl implements SourceFeed.Run {
        @Override
        public boolean stopping() {
            return stopRequested;
        }

        @Override
        public boolean aborting() {
            return abortRequested;
        }

        @Override
        public void sourceOpenDone() {
            opened.countDown();
        }

        @Override
        public void awaitAllOpened() throws InterruptedException {
            opened.await();
        }

        @Override
        public void fail(FrameFailure failure) {
            onFatal(failure);
        }
    }

    /** Frames ready for a stage instance that it has not passed yet. */
    private double backlog(StageWorker w) {
        if (w.node.inline()) {
            return 0;
        }
        int i = w.node.index();
        return Math.max(0, barriers[i][w.replica].getCursor() - sequences[i][w.replica].get());
    }

    /** Inline stages have no set-up of their own (their open only makes the adapter), so they open here. */
    private void openInline(StageWorker w) {
        try {
            w.open();
        } catch (Throwable t) {
            onOpenFailure(w.node.name(), w.replica, t);
        }
    }

    // ---- the threads ----

    private void runStage(StageWorker w, Party party, Sequence seq, SequenceBarrier barrier) {
        try {
            boolean open = false;
            try {
                w.open();
                open = true;
            } catch (Throwable t) {
                if (!abortRequested) {
                    onOpenFailure(w.node.name(), w.replica, t);
                }
            } finally {
                opened.countDown();
            }
            if (open) {
                loop(w, seq, barrier);
            }
        } finally {
            party.loopEnded();
            party.closeWhenAllowed(w::close);
        }
    }

    private void loop(StageWorker w, Sequence seq, SequenceBarrier barrier) {
        long next = 0;
        int ends = 0;
        try {
            if (w.batch != null && w.node.maxBatch() > 1) {
                new BatchLoop(w, ring, barrier, seq, feeds.size(), waitStrategy, () -> abortRequested, this::endOfStream).run();
                return;
            }
            while (true) {
                long available = barrier.waitFor(next);
                for (; next <= available; next++) {
                    Slot slot = ring.get(next);
                    if (slot.endOfStream) {
                        if (w.hearsEndOf(slot.feed)) {
                            endOfStream(w, slot.source);
                        }
                        if (++ends == feeds.size()) {
                            advance(seq, next);
                            return;
                        }
                        release(seq, next);
                        continue;
                    }
                    if (abortRequested || !w.isOpen()) {
                        return;
                    }
                    if (w.owns(slot)) {
                        w.process(slot);
                    }
                    release(seq, next);
                }
                waitStrategy.signalAllWhenBlocking();
            }
        } catch (AlertException | InterruptedException e) {
            // stopped by abort or a failure elsewhere; the finisher accounts for the frames
        } catch (TimeoutException e) {
            throw new IllegalStateException("the wait strategy timed out, which the runtime does not use", e);
        }
    }

    private void runSink() {
        long next = 0;
        int ends = 0;
        try {
            while (true) {
                long available = sinkBarrier.waitFor(next);
                for (; next <= available; next++) {
                    Slot slot = ring.get(next);
                    if (slot.endOfStream) {
                        delivery.endOfStream(slot.frame, slot.feed, slot.source);
                        if (++ends == feeds.size()) {
                            endNanos = System.nanoTime();
                            advance(sinkSequence, next);
                            ended.countDown();
                            return;
                        }
                        release(sinkSequence, next);
                        continue;
                    }
                    if (abortRequested) {
                        return;
                    }
                    if (!delivery.deliver(slot)) {
                        return;
                    }
                    if (feeds.multi) {
                        feeds.get(slot.feed).retire();
                    }
                    release(sinkSequence, next);
                }
                waitStrategy.signalAllWhenBlocking();
            }
        } catch (AlertException | InterruptedException e) {
            // stopped by abort or a failure
        } catch (TimeoutException e) {
            throw new IllegalStateException("the wait strategy timed out, which the runtime does not use", e);
        }
    }

    /** Tells an instance and its inline followers that the source ended, unless the run is stopping on an error. */
    private void endOfStream(StageWorker w, String sourceName) {
        if (abortRequested) {
            return;
        }
        try {
            w.endOfStream(sourceName);
        } catch (Throwable t) {
            onFatal(new FrameFailure(w.node.name(), w.replica, -1,
                    new IllegalStateException(w.describe() + " failed in endOfStream(\"" + sourceName + "\")", t)));
        }
    }

    /** Advances a loop's sequence (a release store) and wakes whoever blocks on it, for certain. */
    private void advance(Sequence seq, long value) {
        seq.set(value);
        waitStrategy.signalAllWhenBlocking();
    }

    /**
     * Advances a loop's sequence after one frame of a batch, so a downstream stage can start on it
     * while this one goes on: a release store and, with the runtime's wait strategy, its fenced
     * wake-up (a full fence and a read of its waiter count, a monitor only when a thread blocks),
     * so a waiter that starts to block at this moment can't miss the frame.
     */
    private void release(Sequence seq, long value) {
        seq.set(value);
        if (progressWait != null) {
            progressWait.signalAllWhenBlocking();
        }
    }

    // ---- failures ----

    private void onOpenFailure(String stage, int replica, Throwable t) {
        onFatal(new FrameFailure(stage, replica, -1, t));
    }

    private void onFatal(FrameFailure f) {
        if (fatal.compareAndSet(null, f)) {
            haltAll();
            ended.countDown();
        } else {
            otherErrors.add(f.cause());
        }
    }

    /** Stops every loop at its next frame boundary; the runtime's own threads are woken as well. */
    private void haltAll() {
        abortRequested = true;
        for (SequenceBarrier[] replicas : barriers) {
            for (SequenceBarrier b : replicas) {
                b.alert();
            }
        }
        sinkBarrier.alert();
        feeds.halt();
        for (Thread feeder : feederThreads) {
            if (feeder != Thread.currentThread()) {
                feeder.interrupt();
            }
        }
    }

    /** Wakes a source blocked in {@code next} (or {@code open}): the run no longer needs its frames. */
    private void interruptSource() {
        for (Map.Entry<Thread, Party> e : sourceThreads.entrySet()) {
            if (!e.getValue().hasLoopEnded() && e.getKey() != Thread.currentThread()) {
                e.getKey().interrupt();
            }
        }
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
        interruptSource();
        ended.countDown();
        finish(nanos);
        synchronized (this) {
            return failure != null ? failure.report() : report;
        }
    }

    /** A run's own threads can't wait for the run: they are part of what it waits for. */
    private void checkNotOwnThread(String call) {
        if (threads.contains(Thread.currentThread())) {
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

    /** Names what a stalled run waits on: the earliest stage with frames waiting, with its thread's stack. */
    private String describeStall() {
        StageWorker stuck = null;
        long lowest = Long.MAX_VALUE;
        for (StageWorker[] replicas : workers) {
            for (StageWorker w : replicas) {
                if (w.node.inline()) {
                    continue;
                }
                long own = sequences[w.node.index()][w.replica].get();
                long available = barriers[w.node.index()][w.replica].getCursor();
                if (available > own && own < lowest) {
                    lowest = own;
                    stuck = w;
                }
            }
        }
        Thread t = stuck != null ? stuck.thread : sinkThread;
        String who = stuck != null ? stuck.describe() + " is behind (frames up to sequence " + (lowest + 1) + " wait for it)"
                : "the sink is behind";
        return who + "; its thread " + t.getName() + " is " + t.getState() + " at:" + Watchdog.stack(t.getStackTrace());
    }

    /**
     * Tears the run down once, bounded by {@code timeoutNanos} (or a tighter deadline an abort sets
     * meanwhile): waits for the loops, interrupts those still running and gives them a grace, lets
     * each instance close on its own thread in reverse topological order and then the source, each
     * within a grace, and accounts for every frame. A thread that does not return is named in the
     * report; whatever it owns it closes itself if it ever returns. Never throws; an interrupt of
     * the calling thread is kept for it.
     */
    private synchronized void finish(long timeoutNanos) {
        if (report != null) {
            return;
        }
        deadline.tighten(timeoutNanos);
        watchdog.stop();
        if (fatal.get() != null || abortRequested) {
            haltAll();
            interruptSource();
        }
        List<Thread> stuck = awaitLoops();
        List<String> closeWarnings = new ArrayList<>();
        List<Throwable> closeErrors = closeAll(closeWarnings);
        for (Thread t : threads) {
            if (!stuck.contains(t)) {
                deadline.join(t, deadline::closes);
            }
        }
        account(stuck, closeErrors, closeWarnings);
        deadline.restoreInterrupt();
    }

    /** Waits for every loop to end; interrupts the late ones; returns the threads still in one. */
    private List<Thread> awaitLoops() {
        List<Thread> late = new ArrayList<>();
        for (Thread t : threads) {
            if (!loopEnded(t, deadline::loops)) {
                late.add(t);
            }
        }
        if (!late.isEmpty()) {
            haltAll();
            for (Thread t : late) {
                t.interrupt();
            }
        }
        List<Thread> stuck = new ArrayList<>();
        for (Thread t : late) {
            if (!loopEnded(t, deadline::afterInterrupt)) {
                stuck.add(t);
            }
        }
        deadline.loopsEnded();
        return stuck;
    }

    private boolean loopEnded(Thread t, java.util.function.LongSupplier until) {
        StageWorker w = threadWorkers.get(t);
        if (w != null) {
            return deadline.await(parties.get(w).loopDone(), until);
        }
        Party source = sourceThreads.get(t);
        return source != null ? deadline.await(source.loopDone(), until) : deadline.join(t, until);
    }

    /**
     * Lets the instances close, downstream first, each on its own thread, then the source; returns
     * what their closes threw, downstream first, and warns of those that did not close in time.
     */
    private List<Throwable> closeAll(List<String> warnings) {
        List<Party> order = new ArrayList<>(parties.values());
        Collections.reverse(order);
        order.addAll(feeds.parties);
        List<Throwable> errors = new ArrayList<>();
        for (Party p : order) {
            p.allowClose();
            if (p.hasLoopEnded() && !deadline.await(p.closed, deadline::closes)) {
                warnings.add(p.name + " did not finish closing within the stop bound; its thread "
                        + (p.thread == null ? "" : p.thread.getName()) + " goes on closing it"
                        + (p.thread == null ? "" : " at:" + Watchdog.stack(p.thread.getStackTrace())));
            }
            if (p.hasClosed() && p.closeError() != null) {
                errors.add(new IllegalStateException(feeds.parties.contains(p) ? "closing " + p.name + " failed" : p.name + " failed to close",
                        p.closeError()));
            }
        }
        return errors;
    }

    @SuppressWarnings("unchecked")
    private void account(List<Thread> stuck, List<Throwable> closeErrors, List<String> closeWarnings) {
        List<S> left = new ArrayList<>();
        long aborted = 0;
        long published = ring.getCursor();
        boolean sinkStuck = stuck.contains(sinkThread);
        for (long seq = sinkSequence.get() + 1; seq <= published && ring.isAvailable(seq); seq++) {
            Slot slot = ring.get(seq);
            if (slot.endOfStream) {
                continue;
            }
            if (sinkStuck) {
                Failed failed = slot.firstFailure();
                if (failed != null) {
                    delivery.noteFailure(failed.failure(), slot.feed);
                    continue;
                }
            } else if (!delivery.deliverUnfinished(slot, stuck.isEmpty(), otherErrors::add)) {
                continue;
            }
            aborted++;
            left.add((S) slot.input);
        }
        for (SourceFeed<S> feed : feeds.all) {
            S waiting = feed.leftover();
            if (waiting != null) {
                aborted++;
                left.add(waiting);
                if (!sinkStuck) {
                    delivery.deliverAbortedLeftover(feed.leftoverNumber(), feed.ordinal, feed.sourceName(), waiting, otherErrors::add);
                }
            }
            if (!sinkStuck) {
                delivery.endOfStream(feed.framesIn(), feed.ordinal, feed.sourceName());
            }
        }
        unfinished = Collections.unmodifiableList(left);
        if (stuck.isEmpty()) {
            feeds.releaseFrames(ring, left, otherErrors::add);
        }
        long end = endNanos != 0 ? endNanos : System.nanoTime();
        long first = feeds.firstFrameNanos();
        long wall = first == 0 ? 0 : end - first;
        long openNanos = feeds.openedNanos() == 0 ? end - startNanos : feeds.openedNanos() - startNanos;
        Map<String, String> notes = new LinkedHashMap<>();
        notes.put("threads", threads.size() + " (" + threadWorkers.size() + " stage instances, "
                + (feeds.multi ? feeds.size() + " sources" : "source") + ", sink" + (feeds.needsFeeder() ? ", feeder" : "") + (watchdog.needed() ? ", watchdog" : "") + ") on "
                + Runtime.getRuntime().availableProcessors() + " cores");
        notes.put("ring", ring.getBufferSize() + " slots, at most " + maxInFlight + " frames in flight"
                + (feeds.multi ? " per source unless a source sets its own" : ""));
        notes.put("wait strategy", waitStrategy.toString());
        feeds.note(notes);
        List<String> warnings = new ArrayList<>(watchdog.incidents());
        warnings.addAll(closeWarnings);
        for (Thread t : stuck) {
            StageWorker w = threadWorkers.get(t);
            warnings.add("thread " + t.getName() + (w != null ? " (" + w.describe() + ", closed by that thread if it returns)" : "")
                    + " ignored interrupts and is still running at:" + Watchdog.stack(t.getStackTrace()));
        }
        if (trace != null) {
            writeTrace(warnings);
        }
        Reports.Counts counts = new Reports.Counts(feeds.framesIn(), delivery.completed(), delivery.failed(), feeds.dropped(), aborted);
        report = Reports.build(pipeline, "parallel", workers, feeds.timer(), delivery.sinkTimer(), counts, openNanos, wall, delivery.endToEnd(),
                delivery.firstFailures(), notes, warnings, feeds.reports(delivery, wall));
        failure = Reports.failure(fatal.get(), new ArrayList<>(otherErrors), closeErrors, report);
    }

    private void writeTrace(List<String> warnings) {
        List<String> tracks = new ArrayList<>();
        tracks.add(prefixOf("source"));
        int[][] trackOf = new int[workers.length][];
        for (StageWorker[] replicas : workers) {
            StageNode node = replicas[0].node;
            trackOf[node.index()] = new int[replicas.length];
            for (StageWorker w : replicas) {
                if (node.inline()) {
                    int host = node.input(0);
                    trackOf[node.index()][w.replica] = host == StageNode.SOURCE ? 0 : trackOf[host][w.replica];
                } else {
                    trackOf[node.index()][w.replica] = tracks.size();
                    tracks.add(prefixOf(node.name() + "-" + w.replica));
                }
            }
        }
        tracks.add(prefixOf("sink"));
        try {
            trace.write(pipeline.stages(), (stage, replica) -> trackOf[stage][replica], tracks);
        } catch (java.io.IOException e) {
            warnings.add("the trace could not be written to " + trace.file() + ": " + e);
        }
    }

    private String prefixOf(String suffix) {
        return "stagegraph-" + pipeline.name() + "-" + suffix;
    }
}
