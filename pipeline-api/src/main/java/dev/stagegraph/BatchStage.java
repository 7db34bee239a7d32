package dev.stagegraph;

/**
 * A stage that processes several frames in one call, such as a neural network run on a batch of
 * images. Declared with {@link PipelineBuilder#batch}; {@link StageOptions#maxBatch(int)} and
 * {@link StageOptions#maxDelay(java.time.Duration)} say how large a batch gets and how long the
 * runtime waits for it to fill.
 *
 * <h2>Batches</h2>
 * The parallel runner hands an instance the frames that are ready for it, up to {@code maxBatch},
 * straight from the ring (no copy): when the first frame of a batch is taken and fewer than
 * {@code maxBatch} are ready, it waits for more, at most {@code maxDelay}, then calls the stage
 * with what it has; at the end of a source's stream, and when the run stops, it does not wait.
 * Frames of a batch may come from different sources; each source's frames are in that source's
 * order. Frames whose input is missing or failed, and frames its sampling skips, never enter a
 * batch. The sequential runner (and the test kit) calls the stage with batches of one frame, so
 * a stage must give each frame the same result whatever its neighbours are; then the two runners
 * agree frame by frame.
 *
 * <h2>Lifecycle, threads, replicas</h2>
 * As for {@link Stage}: {@code open} once, {@code process} once per batch, {@code endOfStream} once
 * per source that ended (after every batch with that source's frames returned), {@code close}
 * once; an instance is never called by two threads at once; with
 * {@link StageOptions#replicas(int) replicas} each instance batches the frames dealt to it, and
 * with {@link StageOptions#perSource() perSource} the frames of its source.
 *
 * <h2>Results, failures, time limits</h2>
 * Each frame's result is set with {@link Batch#result} and follows the usual release rules (the
 * runtime owns it from then on). {@link Batch#fail} fails one frame only. An exception thrown from
 * {@code process} fails every frame of the batch (each attributed to its own frame), so which frames
 * fail then depends on how the frames were batched: use {@code fail(i, ...)} where the stage knows
 * the frame. A {@link StageOptions#timeLimit time limit} bounds one call, whatever its size: a
 * call over the limit fails all of its frames. Under {@link ErrorPolicy#restart restart} a call
 * with failures counts as one failure.
 *
 * @param <I> the type read from the input port
 * @param <O> the type written to this stage's output port
 */
public interface BatchStage<I, O> {

    /**
     * Sets the stage up, as {@link Stage#open}.
     *
     * @param context the instance's name, replica index and the run's parameters
     * @throws Exception to fail the whole pipeline start
     */
    default void open(StageContext context) throws Exception {}

    /**
     * Processes one batch of frames: reads {@code batch.input(i)} and sets each frame's result
     * with {@code batch.result(i, value)} or its failure with {@code batch.fail(i, cause)}.
     *
     * @param batch the frames, valid during this call only
     * @throws Exception fails every frame of the batch; the stage's {@link ErrorPolicy} decides what follows
     */
    void process(Batch<I, O> batch) throws Exception;

    /**
     * The source named {@code source} ended, as {@link Stage#endOfStream}.
     *
     * @param source the source's name
     * @throws Exception fails the run
     */
    default void endOfStream(String source) throws Exception {}

    /**
     * Releases what {@link #open} acquired, as {@link Stage#close}.
     *
     * @throws Exception reported with the run
     */
    default void close() throws Exception {}
}
