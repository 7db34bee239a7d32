package dev.stagegraph;

import dev.stagegraph.report.RunReport;
import dev.stagegraph.source.FrameSource;
import java.util.Map;

/**
 * Runs a {@link Pipeline} over a {@link FrameSource} into a {@link FrameSink}. Runners differ in
 * how they schedule stages, never in results: for deterministic stages every runner delivers the
 * same outcomes, frame by frame, in the same order. A runner holds no state between runs and may
 * start several runs, even at the same time.
 */
public interface Runner {

    /**
     * A short name for reports: {@code "sequential"} or {@code "parallel"}.
     *
     * @return the mode
     */
    String mode();

    /**
     * Starts a run and returns at once. Each run makes and opens its own stage instances, which read
     * {@code params} in {@code open}.
     *
     * @param pipeline what to run
     * @param source where frames come from; used by this run only
     * @param sink where outcomes go
     * @param params the run's parameters (see {@link Param}); {@code Map.of()} for none
     * @param <S> the frame type
     * @param <R> the result type
     * @return the running execution
     * @throws IllegalArgumentException if a parameter's value is not of its key's type
     */
    <S, R> Execution<S> start(Pipeline<S, R> pipeline, FrameSource<S> source, FrameSink<? super S, ? super R> sink,
            Map<Param<?>, ?> params);

    /**
     * Starts a run without parameters; see {@link #start(Pipeline, FrameSource, FrameSink, Map)}.
     *
     * @param pipeline what to run
     * @param source where frames come from
     * @param sink where outcomes go
     * @param <S> the frame type
     * @param <R> the result type
     * @return the running execution
     */
    default <S, R> Execution<S> start(Pipeline<S, R> pipeline, FrameSource<S> source, FrameSink<? super S, ? super R> sink) {
        return start(pipeline, source, sink, Map.of());
    }

    /**
     * Runs until the source ends and every frame is through, then closes the stages.
     *
     * @param pipeline what to run
     * @param source where frames come from
     * @param sink where outcomes go
     * @param params the run's parameters
     * @param <S> the frame type
     * @param <R> the result type
     * @return the report
     * @throws PipelineFailedException if a stage failed to open or a fail-fast stage threw
     * @throws InterruptedException if the calling thread was interrupted; the run is aborted
     */
    default <S, R> RunReport run(Pipeline<S, R> pipeline, FrameSource<S> source, FrameSink<? super S, ? super R> sink,
            Map<Param<?>, ?> params) throws InterruptedException {
        try (Execution<S> execution = start(pipeline, source, sink, params)) {
            return execution.await();
        }
    }

    /**
     * Runs without parameters; see {@link #run(Pipeline, FrameSource, FrameSink, Map)}.
     *
     * @param pipeline what to run
     * @param source where frames come from
     * @param sink where outcomes go
     * @param <S> the frame type
     * @param <R> the result type
     * @return the report
     * @throws PipelineFailedException if a stage failed to open or a fail-fast stage threw
     * @throws InterruptedException if the calling thread was interrupted; the run is aborted
     */
    default <S, R> RunReport run(Pipeline<S, R> pipeline, FrameSource<S> source, FrameSink<? super S, ? super R> sink)
            throws InterruptedException {
        return run(pipeline, source, sink, Map.of());
    }

    /**
     * Starts a run whose outcomes come back in code, for tests and small jobs: iterate the returned
     * {@link Results} (blocking, in frame order) or collect them with {@link Results#toList()}, then
     * read its report. The run waits while the consumer falls behind by a bounded number of
     * outcomes.
     *
     * @param pipeline what to run
     * @param source where frames come from
     * @param params the run's parameters
     * @param <S> the frame type
     * @param <R> the result type
     * @return the running results; close it to abort the run early
     */
    default <S, R> Results<S, R> results(Pipeline<S, R> pipeline, FrameSource<S> source, Map<Param<?>, ?> params) {
        return QueuedResults.start(this, pipeline, source, params);
    }

    /**
     * {@link #results(Pipeline, FrameSource, Map)} without parameters.
     *
     * @param pipeline what to run
     * @param source where frames come from
     * @param <S> the frame type
     * @param <R> the result type
     * @return the running results
     */
    default <S, R> Results<S, R> results(Pipeline<S, R> pipeline, FrameSource<S> source) {
        return results(pipeline, source, Map.of());
    }
}
