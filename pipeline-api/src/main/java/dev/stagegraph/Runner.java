package dev.stagegraph;

import dev.stagegraph.report.RunReport;
import dev.stagegraph.source.Feed;
import dev.stagegraph.source.FrameSource;
import java.util.List;
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

    /**
     * Starts a run over several sources at once and returns at once. Each feed's frames have their
     * own numbers and order; their outcomes reach the sink in that order, interleaved with other
     * sources' outcomes (a frame's {@link FrameContext#source()} says whose it is), dropped-frame
     * gaps and the end-of-stream count per source. A source that ends leaves the others running;
     * stages hear {@link Stage#endOfStream(String)} once per source; the run ends when every source
     * has ended (or on {@link Execution#stop()}, a failure or an abort). The runners in
     * {@code pipeline-runtime} support this; the default runs a single plain feed as
     * {@link #start(Pipeline, FrameSource, FrameSink, Map)} and rejects anything else.
     *
     * @param pipeline what to run
     * @param feeds the sources, each with its name and settings; names must differ
     * @param sink where outcomes go, from every source
     * @param params the run's parameters
     * @param <S> the frame type
     * @param <R> the result type
     * @return the running execution; its {@code unfinished()} holds frames of any source
     * @throws IllegalArgumentException if {@code feeds} is empty or two feeds share a name
     * @throws UnsupportedOperationException if this runner runs one source only
     */
    default <S, R> Execution<S> start(Pipeline<S, R> pipeline, List<Feed<S>> feeds, FrameSink<? super S, ? super R> sink,
            Map<Param<?>, ?> params) {
        if (Feed.checked(feeds).size() == 1 && feeds.get(0).plain()) {
            return start(pipeline, feeds.get(0).source(), sink, params);
        }
        throw new UnsupportedOperationException("the " + mode() + " runner runs one source at a time; use SequentialRunner or"
                + " ParallelRunner for several");
    }

    /**
     * Runs over several sources until each has ended and every frame is through; see
     * {@link #start(Pipeline, List, FrameSink, Map)}.
     *
     * @param pipeline what to run
     * @param feeds the sources
     * @param sink where outcomes go
     * @param params the run's parameters
     * @param <S> the frame type
     * @param <R> the result type
     * @return the report (counts over every source)
     * @throws PipelineFailedException if a stage failed to open or a fail-fast stage threw
     * @throws InterruptedException if the calling thread was interrupted; the run is aborted
     */
    default <S, R> RunReport run(Pipeline<S, R> pipeline, List<Feed<S>> feeds, FrameSink<? super S, ? super R> sink,
            Map<Param<?>, ?> params) throws InterruptedException {
        try (Execution<S> execution = start(pipeline, feeds, sink, params)) {
            return execution.await();
        }
    }

    /**
     * {@link #results(Pipeline, FrameSource, Map)} over several sources: outcomes of every source, each
     * source's in its order.
     *
     * @param pipeline what to run
     * @param feeds the sources
     * @param params the run's parameters
     * @param <S> the frame type
     * @param <R> the result type
     * @return the running results; close it to abort the run early
     */
    default <S, R> Results<S, R> results(Pipeline<S, R> pipeline, List<Feed<S>> feeds, Map<Param<?>, ?> params) {
        return QueuedResults.start(pipeline, sink -> start(pipeline, feeds, sink, params));
    }
}
