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
import dev.stagegraph.source.FrameSource;
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
 * boundary. The runtime owns its threads and joins them, interrupts those that do not return in
 * time, closes the instances whose threads ended in reverse topological order, and walks the
 * slots between the sink's sequence and the cursor to account for every unfinished frame.
 */
final class ParallelExecution<S, R> implements Execution<S> {
    private final Pipeline<S, R> pipeline;
    private final FrameSource<S> source;
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
    private final SourceFeed<S> feed;
    private final Delivery<S, R> delivery;
    private final List<Thread> threads = new ArrayList<>();
    private final Map<Thread, StageWorker> threadWorkers = new LinkedHashMap<>();
    private final Watchdog watchdog;
    private final TraceRecorder trace;
    private final Meters meters;

    private final CountDownLatch opened;
    private final CountDownLatch ended = new CountDownLatch(1);
    private final AtomicReference<FrameFailure> fatal = new AtomicReference<>();
    private final List<Throwable> otherErrors = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean stopRequested;
    private volatile boolean abortRequested;

    private volatile long startNanos;
    private volatile long endNanos;

    private RunReport report;
    private PipelineFailedException failure;
    private List<S> unfinished = List.of();

    ParallelExecution(Pipeline<S, R> pipeline, FrameSource<S> source, FrameSink<? super S, ? super R> sink, RunConfig config,
            Map<Param<?>, Object> params) {
        this.pipeline = pipeline;
        this.source = source;
        this.maxInFlight = config.maxInFlight();
        this.waitStrategy = config.waitStrategy().get();
        this.progressWait = waitStrategy instanceof ProgressWaitStrategy p ? p : null;
        this.timing = config.timing();
        this.stopTimeout = config.stopTimeout();
        Duration stallTimeout = config.stallTimeout();
        int ringSize = config.ringSize();
        List<StageNode> nodes = pipeline.stages();
        int stageCount = nodes.size();
        this.ring = RingBuffer.createSingleProducer(() -> new Slot(stageCount), ringSize, waitStrategy);
        this.workers = new StageWorker[stageCount][];
        this.sequences = new Sequence[stageCount][];
        this.barriers = new SequenceBarrier[stageCount][];
        FatalListener onFatal = this::onFatal;
        this.feed = new SourceFeed<>(source, ring, sinkSequence, maxInFlight, config.livePolicy(), timing,
                new FeedControl());
        int instances = 0;
        for (StageNode node : nodes) {
            int i = node.index();
            if (node.inline()) {
                fuseInline(node, onFatal, params);
                continue;
            }
            workers[i] = new StageWorker[node.replicas()];
            sequences[i] = new Sequence[node.replicas()];
            barriers[i] = new SequenceBarrier[node.replicas()];
            Sequence[] upstream = upstreamSequences(node);
            for (int r = 0; r < node.replicas(); r++) {
                workers[i][r] = new StageWorker(pipeline.name(), node, r, node.replicas(), timing, onFatal, () -> abortRequested, params);
                sequences[i][r] = new Sequence();
                barriers[i][r] = ring.newBarrier(upstream);
                instances++;
            }
        }
        this.sinkBarrier = ring.newBarrier(sequences[pipeline.resultStage().index()]);
        ring.addGatingSequences(sinkSequence);
        this.trace = config.newTrace(stageCount);
        this.delivery = new Delivery<>(sink, nodes, pipeline.resultStage().index(), timing, onFatal, trace);
        this.opened = new CountDownLatch(instances + 1);

        String prefix = "stagegraph-" + pipeline.name() + "-";
        for (StageWorker[] replicas : workers) {
            if (replicas[0].node.inline()) {
                continue;
            }
            for (StageWorker w : replicas) {
                Sequence seq = sequences[w.node.index()][w.replica];
                SequenceBarrier barrier = barriers[w.node.index()][w.replica];
                Thread t = newThread(prefix + w.node.name() + "-" + w.replica, () -> runStage(w, seq, barrier));
                threadWorkers.put(t, w);
            }
        }
        newThread(prefix + "source", feed::runSource);
        newThread(prefix + "sink", this::runSink);
        if (feed.needsFeeder()) {
            newThread(prefix + "feeder", feed::feedLatest);
        }
        this.watchdog = new Watchdog(new ArrayList<>(threadWorkers.values()), stallTimeout == null ? 0 : stallTimeout.toNanos(),
                sinkSequence::get, () -> ring.getCursor() - sinkSequence.get(), this::describeStall);
        if (watchdog.needed()) {
            newThread(prefix + "watchdog", watchdog);
        }
        this.meters = config.registry() == null ? null : Meters.bind(config.registry(), pipeline.name(), "parallel", workers,
                delivery, this::framesTaken, this::framesDropped, () -> ring.getCursor() - sinkSequence.get(), this::backlog);
    }

    /**
     * An inline stage gets one worker per instance of its input's writer, run on that instance's
     * thread right after it (the source's: on the publishing thread), and shares its writer's
     * sequences: its cell is written before the writer advances, so readers wait on the writer.
     */
    private void fuseInline(StageNode node, FatalListener onFatal, Map<Param<?>, Object> params) {
        int i = node.index();
        int host = node.input(0);
        int count = host == StageNode.SOURCE ? 1 : workers[host].length;
        workers[i] = new StageWorker[count];
        for (int r = 0; r < count; r++) {
            StageWorker w = new StageWorker(pipeline.name(), node, r, count, timing, onFatal, () -> abortRequested, params);
            workers[i][r] = w;
            if (host == StageNode.SOURCE) {
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

    private Thread newThread(String name, Runnable body) {
        Thread t = new Thread(body, name);
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
        return feed.framesIn();
    }

    private double framesDropped() {
        return feed.dropped();
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

        @Override
        public void report(Throwable error) {
            otherErrors.add(error);
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

    private void runStage(StageWorker w, Sequence seq, SequenceBarrier barrier) {
        try {
            w.open();
        } catch (Throwable t) {
            onOpenFailure(w.node.name(), w.replica, t);
            return;
        } finally {
            opened.countDown();
        }
        long next = 0;
        try {
            while (true) {
                long available = barrier.waitFor(next);
                for (; next <= available; next++) {
                    Slot slot = ring.get(next);
                    if (slot.endOfStream) {
                        endOfStream(w, slot.source);
                        advance(seq, next);
                        return;
                    }
                    if (abortRequested) {
                        return;
                    }
                    if (w.owns(slot.frame)) {
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
        try {
            while (true) {
                long available = sinkBarrier.waitFor(next);
                for (; next <= available; next++) {
                    Slot slot = ring.get(next);
                    if (slot.endOfStream) {
                        delivery.endOfStream(slot.frame, slot.source);
                        endNanos = System.nanoTime();
                        advance(sinkSequence, next);
                        ended.countDown();
                        return;
                    }
                    if (abortRequested) {
                        return;
                    }
                    delivery.deliver(slot);
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
     * while this one goes on: a release store, and a wake-up for those already blocked without the
     * full fence; the batch ends with {@link #advance}'s fenced signal, which catches a waiter that
     * blocked in between.
     */
    private void release(Sequence seq, long value) {
        seq.set(value);
        if (progressWait != null) {
            progressWait.signalIfBlocked();
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

    private void haltAll() {
        abortRequested = true;
        for (SequenceBarrier[] replicas : barriers) {
            for (SequenceBarrier b : replicas) {
                b.alert();
            }
        }
        sinkBarrier.alert();
        feed.halt();
    }

    // ---- Execution ----

    @Override
    public RunReport await() throws InterruptedException {
        ended.await();
        return finish(stopTimeout);
    }

    @Override
    public boolean awaitEnd(Duration timeout) throws InterruptedException {
        return ended.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void stop() {
        stopRequested = true;
    }

    @Override
    public RunReport abort(Duration timeout) throws InterruptedException {
        haltAll();
        sourceThread().interrupt();
        ended.countDown();
        return finish(timeout);
    }

    @Override
    public Progress progress() {
        return new Progress(feed.framesIn(), delivery.completed(), delivery.failed(), feed.dropped(), source.length());
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
        if (isFinished()) {
            return;
        }
        stop();
        try {
            await();
        } catch (PipelineFailedException e) {
            // reported by await(); close only guarantees the run is over
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abortQuietly();
        }
    }

    private void abortQuietly() {
        try {
            finishAfterInterrupt();
        } catch (PipelineFailedException e) {
            // reported by await()
        }
    }

    private synchronized boolean isFinished() {
        return report != null;
    }

    private void finishAfterInterrupt() {
        haltAll();
        ended.countDown();
        boolean interrupted = Thread.interrupted();
        try {
            finish(stopTimeout);
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
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
        Thread t = stuck != null ? stuck.thread : sinkThread();
        String who = stuck != null ? stuck.describe() + " is behind (frames up to sequence " + (lowest + 1) + " wait for it)"
                : "the sink is behind";
        return who + "; its thread " + t.getName() + " is " + t.getState() + " at:" + Watchdog.stack(t.getStackTrace());
    }

    private Thread sinkThread() {
        return threads.stream().filter(t -> t.getName().endsWith("-sink")).findFirst().orElseThrow();
    }

    private Thread sourceThread() {
        return threads.stream().filter(t -> t.getName().endsWith("-source")).findFirst().orElseThrow();
    }

    /** Joins the threads, closes the instances, accounts for every frame. Runs once. */
    private synchronized RunReport finish(Duration timeout) throws InterruptedException {
        if (report == null) {
            watchdog.stop();
            if (fatal.get() != null) {
                haltAll();
            }
            List<Thread> stuck = joinAll(timeout);
            List<Throwable> closeErrors = closeInstances(stuck);
            account(stuck, closeErrors);
        }
        if (failure != null) {
            throw failure;
        }
        return report;
    }

    private List<Thread> joinAll(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread t : threads) {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
        List<Thread> stuck = new ArrayList<>();
        for (Thread t : threads) {
            if (t.isAlive()) {
                t.interrupt();
                stuck.add(t);
            }
        }
        long grace = System.nanoTime() + Math.min(timeout.toNanos(), TimeUnit.SECONDS.toNanos(1));
        stuck.removeIf(t -> {
            try {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(grace - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return !t.isAlive();
        });
        return stuck;
    }

    private List<Throwable> closeInstances(List<Thread> stuck) {
        List<Throwable> errors = new ArrayList<>();
        List<Map.Entry<Thread, StageWorker>> entries = new ArrayList<>(threadWorkers.entrySet());
        Collections.reverse(entries);
        for (Map.Entry<Thread, StageWorker> e : entries) {
            StageWorker w = e.getValue();
            if (stuck.contains(e.getKey())) {
                continue;
            }
            try {
                w.close();
            } catch (Throwable t) {
                errors.add(new IllegalStateException(w.describe() + " failed to close", t));
            }
        }
        return errors;
    }

    @SuppressWarnings("unchecked")
    private void account(List<Thread> stuck, List<Throwable> closeErrors) {
        List<S> left = new ArrayList<>();
        long aborted = 0;
        long published = ring.getCursor();
        boolean sinkStuck = stuck.contains(sinkThread());
        for (long seq = sinkSequence.get() + 1; seq <= published; seq++) {
            Slot slot = ring.get(seq);
            if (slot.endOfStream) {
                continue;
            }
            if (sinkStuck) {
                Failed failed = slot.firstFailure();
                if (failed != null) {
                    delivery.noteFailure(failed.failure());
                    continue;
                }
            } else if (!delivery.deliverUnfinished(slot, stuck.isEmpty(), otherErrors::add)) {
                continue;
            }
            aborted++;
            left.add((S) slot.input);
        }
        S waiting = feed.leftover();
        if (waiting != null) {
            aborted++;
            left.add(waiting);
            if (!sinkStuck) {
                delivery.deliverAbortedLeftover(feed.leftoverNumber(), feed.sourceName(), waiting, otherErrors::add);
            }
        }
        if (!sinkStuck) {
            delivery.endOfStream(feed.framesIn(), feed.sourceName());
        }
        unfinished = Collections.unmodifiableList(left);
        if (stuck.isEmpty()) {
            releaseFrames(left);
        }
        long end = endNanos != 0 ? endNanos : System.nanoTime();
        long first = feed.firstFrameNanos();
        long wall = first == 0 ? 0 : end - first;
        long openNanos = feed.openedNanos() == 0 ? end - startNanos : feed.openedNanos() - startNanos;
        Map<String, String> notes = new LinkedHashMap<>();
        notes.put("threads", threads.size() + " (" + threadWorkers.size() + " stage instances, source, sink"
                + (feed.needsFeeder() ? ", feeder" : "") + (watchdog.needed() ? ", watchdog" : "") + ") on "
                + Runtime.getRuntime().availableProcessors() + " cores");
        notes.put("ring", ring.getBufferSize() + " slots, at most " + maxInFlight + " frames in flight");
        notes.put("wait strategy", waitStrategy.toString());
        if (feed.live()) {
            notes.put("live source", feed.policy().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + ", "
                    + feed.dropped() + " frames dropped");
        }
        List<String> warnings = new ArrayList<>(watchdog.incidents());
        for (Thread t : stuck) {
            StageWorker w = threadWorkers.get(t);
            warnings.add("thread " + t.getName() + (w != null ? " (" + w.describe() + ", left open)" : "")
                    + " ignored interrupts and is still running at:" + Watchdog.stack(t.getStackTrace()));
        }
        if (trace != null) {
            writeTrace(warnings);
        }
        Reports.Counts counts = new Reports.Counts(feed.framesIn(), delivery.completed(), delivery.failed(), feed.dropped(), aborted);
        report = Reports.build(pipeline, "parallel", workers, feed.timer(), delivery.sinkTimer(), counts, openNanos, wall, delivery.endToEnd(),
                delivery.firstFailures(), notes, warnings);
        failure = Reports.failure(fatal.get(), new ArrayList<>(otherErrors), closeErrors, report);
    }

    /** Hands every frame object the run still holds, except those handed back as unfinished, to the source's release. */
    private void releaseFrames(List<S> handedBack) {
        java.util.Set<Object> seen = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        seen.addAll(handedBack);
        List<Object> frames = new ArrayList<>(feed.heldFrames());
        for (long seq = 0; seq < ring.getBufferSize(); seq++) {
            frames.add(ring.get(seq).input);
        }
        for (Object frame : frames) {
            if (frame != null && seen.add(frame)) {
                try {
                    releaseFrame(frame);
                } catch (Throwable t) {
                    otherErrors.add(new IllegalStateException("releasing a frame failed", t));
                }
            }
        }
        for (long seq = 0; seq < ring.getBufferSize(); seq++) {
            ring.get(seq).input = null;
        }
    }

    @SuppressWarnings("unchecked")
    private void releaseFrame(Object frame) throws Exception {
        source.release((S) frame);
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
