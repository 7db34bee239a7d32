package dev.stagegraph.spi;

import dev.stagegraph.FrameContext;
import dev.stagegraph.StageContext;

/**
 * One instance of a stage in the uniform shape runners call, whatever the stage's arity. Made by
 * {@link StageNode#newInstance()}. For runner implementations and tools; pipelines are built from
 * {@link dev.stagegraph.Stage} and its siblings.
 *
 * <p>Not thread-safe: the {@link dev.stagegraph.Stage} contract (one thread at a time) applies.
 */
public interface StageInstance {

    /**
     * Calls the stage's {@code open}.
     *
     * @param context the instance's identity and the run's parameters
     * @throws Exception whatever the stage threw
     */
    void open(StageContext context) throws Exception;

    /**
     * Calls the stage's {@code process}.
     *
     * @param inputs one value per input port, in the order of {@link StageNode#input(int)}, none
     *     {@code null} (an optional input is an {@link java.util.Optional}); read during the call only
     * @param frame the frame's context
     * @return the stage's result, or {@code null} for "no result"
     * @throws Exception whatever the stage threw
     */
    Object process(Object[] inputs, FrameContext frame) throws Exception;

    /**
     * Calls the stage's {@code endOfStream}.
     *
     * @param source the source that ended
     * @throws Exception whatever the stage threw
     */
    void endOfStream(String source) throws Exception;

    /**
     * Calls the stage's {@code close}.
     *
     * @throws Exception whatever the stage threw
     */
    void close() throws Exception;
}
