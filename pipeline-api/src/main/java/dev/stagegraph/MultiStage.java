package dev.stagegraph;

/**
 * A stage that reads any number of ports, each read back by its typed {@link Port} through
 * {@link Inputs}. The contract is {@link Stage}'s; {@code process} is called only when every input
 * has a result for the frame (optional inputs arrive as {@link java.util.Optional}s). Prefer
 * {@link JoinStage}, {@link Join3Stage} or {@link Join4Stage} up to four inputs: their parameters
 * are checked by {@code javac}.
 *
 * @param <O> the type written to this stage's output port
 */
public interface MultiStage<O> {

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
     * @param inputs this frame's input values, valid only during this call
     * @param frame the frame's number, source and capture time; valid during this call only
     * @return this stage's result, or {@code null} for "no result"
     * @throws Exception fails this frame; see {@link ErrorPolicy}
     */
    O process(Inputs inputs, FrameContext frame) throws Exception;

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
