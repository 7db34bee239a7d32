package dev.stagegraph;

/**
 * A stage that reads two ports, such as an aggregator that joins sizes and classes of one frame.
 * The contract is {@link Stage}'s: the same call order, threading, ownership and failure rules.
 * {@code process} is called only when both inputs have a result for the frame.
 *
 * @param <A> the type read from the first port
 * @param <B> the type read from the second port
 * @param <O> the type written to this stage's output port
 */
public interface JoinStage<A, B, O> {

    /**
     * Sets the stage up; see {@link Stage#open}.
     *
     * @param context the instance's name and replica index
     * @throws Exception to fail the whole pipeline start
     */
    default void open(StageContext context) throws Exception {}

    /**
     * Processes one frame.
     *
     * @param first the first port's result for this frame, never {@code null}
     * @param second the second port's result for this frame, never {@code null}
     * @param frame the frame number given by the source, starting at 0
     * @return this stage's result, or {@code null} for "no result"
     * @throws Exception fails this frame; see {@link ErrorPolicy}
     */
    O process(A first, B second, long frame) throws Exception;

    /**
     * Releases what {@code open} acquired; see {@link Stage#close}.
     *
     * @throws Exception reported with the run; the other stages are still closed
     */
    default void close() throws Exception {}
}
