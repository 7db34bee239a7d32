package dev.stagegraph;

/**
 * A stage that reads three ports, such as an aggregator that joins the branches of one frame. The
 * contract is {@link Stage}'s: the same call order, threading, ownership and failure rules.
 * {@code process} is called only when every input has a result for the frame (an input read
 * {@link Port#optional() optionally} arrives as an {@link java.util.Optional}, present or not).
 *
 * @param <A> the type read from the first port
 * @param <B> the type read from the second port
 * @param <C> the type read from the third port
 * @param <O> the type written to this stage's output port
 */
public interface Join3Stage<A, B, C, O> {

    /**
     * Sets the stage up; see {@link Stage#open}.
     *
     * @param context the instance's name, replica index and the run's parameters
     * @throws Exception to fail the whole pipeline start
     */
    default void open(StageContext context) throws Exception {}

    /**
     * Processes one frame.
     *
     * @param first the first port's result for this frame
     * @param second the second port's result for this frame
     * @param third the third port's result for this frame
     * @param frame the frame's number, source and capture time; valid during this call only
     * @return this stage's result, or {@code null} for "no result"
     * @throws Exception fails this frame; see {@link ErrorPolicy}
     */
    O process(A first, B second, C third, FrameContext frame) throws Exception;

    /**
     * A source ended; see {@link Stage#endOfStream}.
     *
     * @param source the source's name
     * @throws Exception fails the run
     */
    default void endOfStream(String source) throws Exception {}

    /**
     * Releases what {@code open} acquired; see {@link Stage#close}.
     *
     * @throws Exception reported with the run; the other stages are still closed
     */
    default void close() throws Exception {}
}
