package dev.stagegraph;

/**
 * Runs a {@link Pipeline} over a {@link FrameSource} into a {@link FrameSink}. Runners differ in
 * how they schedule stages, never in results: for deterministic stages every runner delivers the
 * same results, frame by frame, in the same order. A runner holds no state between runs and may
 * start several runs.
 */
public interface Runner {

    /**
     * A short name for reports: {@code "sequential"} or {@code "parallel"}.
     *
     * @return the mode
     */
    String mode();

    /**
     * Starts a run and returns at once. Each run makes and opens its own stage instances.
     *
     * @param pipeline what to run
     * @param source where frames come from; used by this run only
     * @param sink where results go
     * @param <S> the frame type
     * @param <R> the result type
     * @return the running execution
     */
    <S, R> Execution<S> start(Pipeline<S, R> pipeline, FrameSource<S> source, FrameSink<? super S, ? super R> sink);

    /**
     * Runs until the source ends and every frame is through, then closes the stages.
     *
     * @param pipeline what to run
     * @param source where frames come from
     * @param sink where results go
     * @param <S> the frame type
     * @param <R> the result type
     * @return the report
     * @throws PipelineFailedException if a stage failed to open or a fail-fast stage threw
     * @throws InterruptedException if the calling thread was interrupted; the run is aborted
     */
    default <S, R> RunReport run(Pipeline<S, R> pipeline, FrameSource<S> source, FrameSink<? super S, ? super R> sink)
            throws InterruptedException {
        try (Execution<S> execution = start(pipeline, source, sink)) {
            return execution.await();
        }
    }
}
