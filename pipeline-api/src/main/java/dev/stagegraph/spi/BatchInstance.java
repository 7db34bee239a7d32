package dev.stagegraph.spi;

import dev.stagegraph.Batch;

/**
 * A {@link StageInstance} of a {@link dev.stagegraph.BatchStage}: runners that batch call
 * {@link #processBatch}; the inherited {@link #process} runs a batch of one frame and returns its
 * result or throws its failure, so a runner that does not batch needs nothing else. (On that
 * one-frame path, a result the stage set before it threw never reaches the runner: the adapter
 * closes it if it is {@link AutoCloseable}; a declared release function is not applied. Runners
 * that own releases call {@link #processBatch} even for one frame.)
 *
 * <p>Not thread-safe: the stage contract (one thread at a time) applies.
 */
public interface BatchInstance extends StageInstance {

    /**
     * Calls the stage's {@code process} with a batch.
     *
     * @param batch the frames; the runner owns it and reads the results back after the call
     * @throws Exception whatever the stage threw
     */
    void processBatch(Batch<Object, Object> batch) throws Exception;
}
