package dev.stagegraph.flink;

import dev.stagegraph.ErrorPolicy;
import dev.stagegraph.Execution;
import dev.stagegraph.FrameSink;
import dev.stagegraph.Outcome;
import dev.stagegraph.Param;
import dev.stagegraph.Pipeline;
import dev.stagegraph.Runner;
import dev.stagegraph.report.FrameFailure;
import dev.stagegraph.report.RunReport;
import dev.stagegraph.source.FrameSource;
import dev.stagegraph.spi.StageNode;
import java.time.Duration;
import java.util.Map;

/**
 * One source's run of the stage graph inside a reader: a thread that opens the source, runs the
 * pipeline over it with the local runner, and hands each outcome to the reader's hand-off as a
 * {@link FrameResult}. After a restore it replays a recorded source from its first frame (so stages
 * rebuild their state) and hands off only frames from {@code nextFrame} on; a live source cannot
 * replay, so its frames are numbered on from {@code nextFrame}. Outcomes that a restart will redo
 * (aborted frames, the frame that failed a fail-fast stage) are not handed off.
 */
final class SplitRun<S, R> {
    /** What the reader receives when a run ends. */
    record End(String source, RunReport report, Throwable error, long replayed) {}

    private final SourceSplitState split;
    private final Thread thread;
    private volatile Execution<S> execution;
    private volatile boolean closed;
    private volatile long replayed;

    SplitRun(SourceSplitState split, FrameSource<S> source, Pipeline<S, R> pipeline, Runner runner, Map<Param<?>, ?> params,
            Handoff handoff) {
        this.split = split;
        FrameSource<S> named = new RenamedSource<>(source, split.name);
        this.thread = new Thread(() -> run(named, pipeline, runner, params, handoff), "stagegraph-flink-" + split.name);
        thread.setDaemon(true);
    }

    SourceSplitState split() {
        return split;
    }

    void start() {
        thread.start();
    }

    private void run(FrameSource<S> source, Pipeline<S, R> pipeline, Runner runner, Map<Param<?>, ?> params, Handoff handoff) {
        RunReport report = null;
        Throwable error = null;
        try {
            boolean replay = !source.live();
            long from = split.nextFrame;
            FrameSink<S, R> sink = outcome -> {
                if (!emitted(outcome, pipeline)) {
                    return;
                }
                long number = replay ? outcome.frame().number() : from + outcome.frame().number();
                if (replay && number < from) {
                    replayed++;
                    return;
                }
                if (!handoff.put(FrameResult.of(outcome, number), () -> closed)) {
                    throw new IllegalStateException("the Flink reader of source '" + split.name + "' closed");
                }
            };
            Execution<S> ex = runner.start(pipeline, source, sink, params);
            execution = ex;
            try {
                try (ex) {
                    if (closed) {
                        ex.abort(Duration.ofSeconds(5));
                    }
                    report = ex.await();
                }
            } finally {
                releaseUnfinished(source, ex);
            }
        } catch (Throwable e) {
            error = e;
        }
        handoff.put(new End(split.name, report, error, replayed), () -> closed);
    }

    /**
     * Hands the frames a stopped run did not finish back to their source, which owns them again
     * (the runtime releases only the frames it still holds); the run has ended when this is called.
     */
    private static <S> void releaseUnfinished(FrameSource<S> source, Execution<S> ex) throws Exception {
        for (S frame : ex.unfinished()) {
            source.release(frame);
        }
    }

    /** Whether an outcome goes downstream: not one a restart redoes. */
    private static boolean emitted(Outcome<?, ?> outcome, Pipeline<?, ?> pipeline) {
        if (outcome.kind() == Outcome.Kind.ABORTED) {
            return false;
        }
        if (outcome.kind() != Outcome.Kind.FAILED) {
            return true;
        }
        FrameFailure f = outcome.failure();
        for (StageNode node : pipeline.stages()) {
            if (node.name().equals(f.stage())) {
                return node.errorPolicy().kind() != ErrorPolicy.Kind.FAIL_FAST;
            }
        }
        return false;
    }

    /** Aborts the run (the task is closing) and waits for its thread, up to {@code timeout}. */
    void close(Duration timeout) throws InterruptedException {
        closed = true;
        Execution<S> ex = execution;
        if (ex != null) {
            ex.abort(timeout);
        }
        thread.join(timeout.toMillis() + 1000);
    }

    /** The bounded hand-off from the runs' sink threads to the reader's task thread. */
    interface Handoff {
        /**
         * Puts an item, waiting for room while {@code cancelled} says no.
         *
         * @return {@code false} if cancelled before there was room
         */
        boolean put(Object item, java.util.function.BooleanSupplier cancelled);
    }

    /** A source under the split's name; everything else is delegated. */
    static final class RenamedSource<S> implements FrameSource<S> {
        private final FrameSource<S> delegate;
        private final String name;

        RenamedSource(FrameSource<S> delegate, String name) {
            this.delegate = delegate;
            this.name = name;
        }

        @Override
        public void open() throws Exception {
            delegate.open();
        }

        @Override
        public S next(S reuse) throws Exception {
            return delegate.next(reuse);
        }

        @Override
        public long timestampNanos() {
            return delegate.timestampNanos();
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void release(S frame) throws Exception {
            delegate.release(frame);
        }

        @Override
        public boolean live() {
            return delegate.live();
        }

        @Override
        public long length() {
            return delegate.length();
        }

        @Override
        public void close() throws Exception {
            delegate.close();
        }
    }
}
