package dev.stagegraph;

/**
 * A stage that reads any number of ports, each read back by its typed {@link Port} through
 * {@link Inputs}. The contract is {@link Stage}'s; {@code process} is called only when every input
 * has a result for the frame.
 *
 * @param <O> the type written to this stage's output port
 */
public interface MultiStage<O> {

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
     * @param inputs this frame's input values, valid only during this call
     * @param frame the frame number given by the source, starting at 0
     * @return this stage's result, or {@code null} for "no result"
     * @throws Exception fails this frame; see {@link ErrorPolicy}
     */
    O process(Inputs inputs, long frame) throws Exception;

    /**
     * Releases what {@code open} acquired; see {@link Stage#close}.
     *
     * @throws Exception reported with the run; the other stages are still closed
     */
    default void close() throws Exception {}
}
