package dev.stagegraph;

/**
 * One instance of a stage in the uniform shape runners call, whatever the stage's arity. Made by
 * {@link StageNode#newInstance()}. For runner implementations and tools; pipelines are built from
 * {@link Stage}, {@link JoinStage} and {@link MultiStage}.
 *
 * <p>Not thread-safe: the {@link Stage} contract (one thread at a time) applies.
 */
public interface StageInstance {

    /**
     * Calls the stage's {@code open}.
     *
     * @param context the instance's identity
     * @throws Exception whatever the stage threw
     */
    void open(StageContext context) throws Exception;

    /**
     * Calls the stage's {@code process}.
     *
     * @param inputs one value per input port, in the order of {@link StageNode#input(int)}, none
     *     {@code null}; read during the call only
     * @param frame the frame number
     * @return the stage's result, or {@code null} for "no result"
     * @throws Exception whatever the stage threw
     */
    Object process(Object[] inputs, long frame) throws Exception;

    /**
     * Calls the stage's {@code close}.
     *
     * @throws Exception whatever the stage threw
     */
    void close() throws Exception;
}
