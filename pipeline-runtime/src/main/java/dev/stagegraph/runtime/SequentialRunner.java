package dev.stagegraph.runtime;

import dev.stagegraph.Execution;
import dev.stagegraph.FrameSink;
import dev.stagegraph.Param;
import dev.stagegraph.Pipeline;
import dev.stagegraph.Runner;
import dev.stagegraph.report.RunReport;
import dev.stagegraph.source.Feed;
import dev.stagegraph.source.FrameSource;
import dev.stagegraph.source.LivePolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The reference runner: one thread, stages in topological order, one frame at a time. It makes and
 * deals replicas exactly as the parallel runner does (frame {@code n} goes to replica
 * {@code n % replicas}), so for deterministic stages both deliver the same results. Use it to
 * debug a stage (every call is on the thread that called {@link Execution#await}, with a plain
 * stack) and as the baseline that parallel speed-ups are measured against.
 *
 * <p>Everything happens inside {@code await()} (or {@code run()}): the source and every instance
 * open on the calling thread, one after another, then frames run, then instances close in reverse
 * topological order. A watchdog thread runs beside it only when a stage has a time limit.
 * Immutable and thread-safe.
 */
public final class SequentialRunner implements Runner {
    private final RunConfig config;

    private SequentialRunner(RunConfig config) {
        this.config = config;
    }

    /**
     * A sequential runner that times every {@code process} call.
     *
     * @return the runner
     */
    public static SequentialRunner create() {
        return builder().build();
    }

    /**
     * A sequential runner that times calls or not; without timing the report keeps counts only.
     *
     * @param timing {@code true} to time calls
     * @return the runner
     */
    public static SequentialRunner create(boolean timing) {
        return builder().timing(timing).build();
    }

    /**
     * Starts configuring a sequential runner.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String mode() {
        return "sequential";
    }

    @Override
    public <S, R> Execution<S> start(Pipeline<S, R> pipeline, FrameSource<S> source, FrameSink<? super S, ? super R> sink,
            Map<Param<?>, ?> params) {
        return start(pipeline, RunArguments.oneFeed(pipeline, source), sink, params);
    }

    /**
     * Starts a run over several sources that runs on the thread that calls {@code await}: it takes
     * one frame from each source that still has frames in turn (round robin, in list order), so the
     * outcomes of each source are the same, frame by frame, as in a parallel run. A source's live
     * policy and in-flight bound do not apply here: nothing runs ahead, and nothing is dropped.
     */
    @Override
    public <S, R> Execution<S> start(Pipeline<S, R> pipeline, List<Feed<S>> feeds, FrameSink<? super S, ? super R> sink,
            Map<Param<?>, ?> params) {
        return new SequentialExecution<>(pipeline, RunArguments.feeds(pipeline, feeds, sink), sink, config, Param.check(params));
    }

    /**
     * Runs on the calling thread until the source ends and every frame is through, then closes the
     * stages. An interrupt of the calling thread aborts the run (the frame in flight is counted
     * aborted) and is thrown as an {@link InterruptedException} once the stages are closed.
     */
    @Override
    public <S, R> RunReport run(Pipeline<S, R> pipeline, FrameSource<S> source, FrameSink<? super S, ? super R> sink,
            Map<Param<?>, ?> params) throws InterruptedException {
        return run(pipeline, RunArguments.oneFeed(pipeline, source), sink, params);
    }

    /**
     * Runs over several sources on the calling thread, round robin; an interrupt aborts the run as
     * in {@link #run(Pipeline, FrameSource, FrameSink, Map)}.
     */
    @Override
    public <S, R> RunReport run(Pipeline<S, R> pipeline, List<Feed<S>> feeds, FrameSink<? super S, ? super R> sink,
            Map<Param<?>, ?> params) throws InterruptedException {
        SequentialExecution<S, R> execution = new SequentialExecution<>(pipeline, RunArguments.feeds(pipeline, feeds, sink), sink, config,
                Param.check(params));
        try {
            RunReport report = execution.await();
            if (execution.endedByInterrupt() && Thread.interrupted()) {
                throw new InterruptedException("interrupted while running pipeline '" + pipeline.name() + "': the run was aborted, "
                        + report.aborted() + " frames unfinished");
            }
            return report;
        } finally {
            execution.close();
        }
    }

    /** Configures a {@link SequentialRunner}: timing, trace and meters. Not thread-safe. */
    public static final class Builder extends RunnerBuilder<Builder> {
        private Builder() {}

        @Override
        Builder self() {
            return this;
        }

        /**
         * Builds the runner.
         *
         * @return the runner
         * @throws IllegalArgumentException if a trace is asked for with timing off
         */
        public SequentialRunner build() {
            checkShared();
            return new SequentialRunner(new RunConfig(1, 1, LivePolicy.BLOCK, null, timing, Duration.ZERO, null, traceFile,
                    traceFrames, registry, Integer.MAX_VALUE));
        }
    }
}
