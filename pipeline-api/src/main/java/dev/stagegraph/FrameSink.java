package dev.stagegraph;

/**
 * Receives each frame's outcome, in frame order, whatever ran in parallel.
 *
 * <p>Called by one runtime thread at a time, in increasing frame order, once per frame that
 * completed or failed (dropped and aborted frames are counted in the report, not delivered). The
 * input frame and the result are valid only during the call: the runtime reuses the frame object
 * afterwards, so copy what you keep. A slow sink slows the pipeline like a slow stage. An exception
 * from the sink stops the run as a fail-fast error of the stage named {@code "sink"}.
 *
 * @param <S> the frame type
 * @param <R> the result type
 */
@FunctionalInterface
public interface FrameSink<S, R> {

    /**
     * A frame went through the graph.
     *
     * @param frame the frame number
     * @param input the frame as the source delivered it
     * @param result the result stage's value, or {@code null} when a stage on its path had no result
     * @throws Exception stops the run
     */
    void onResult(long frame, S input, R result) throws Exception;

    /**
     * A frame failed in a stage whose policy skips the frame.
     *
     * @param frame the frame number
     * @param input the frame as the source delivered it
     * @param failure where and why it failed
     * @throws Exception stops the run
     */
    default void onFailure(long frame, S input, FrameFailure failure) throws Exception {}

    /**
     * A sink that ignores everything.
     *
     * @param <S> the frame type
     * @param <R> the result type
     * @return the sink
     */
    static <S, R> FrameSink<S, R> discard() {
        return (frame, input, result) -> {};
    }
}
