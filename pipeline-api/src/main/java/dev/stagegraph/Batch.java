package dev.stagegraph;

/**
 * The frames of one {@link BatchStage#process(Batch)} call: position {@code i} holds one frame's
 * input and context, and takes that frame's result or failure.
 *
 * <p>A view the runtime reuses from call to call (it allocates nothing per frame or per batch): it is
 * valid during the call only, on the calling thread, and must not be kept or handed to another
 * thread. The inputs are read-only and stay owned by the runtime, as a {@link Stage}'s are.
 *
 * @param <I> the input type
 * @param <O> the result type
 */
public interface Batch<I, O> {

    /**
     * How many frames this call holds.
     *
     * @return from 1 to the stage's {@link StageOptions#maxBatch(int) maxBatch}
     */
    int size();

    /**
     * The input of the frame at position {@code i}.
     *
     * @param i the position, from 0 to {@code size() - 1}
     * @return the upstream result for that frame, never {@code null}
     * @throws IndexOutOfBoundsException if {@code i} is out of range
     */
    I input(int i);

    /**
     * The number, source and capture time of the frame at position {@code i}. Frames of a batch
     * may come from different sources; within one source they are in frame order.
     *
     * @param i the position
     * @return the frame's context, valid during this call only
     * @throws IndexOutOfBoundsException if {@code i} is out of range
     */
    FrameContext context(int i);

    /**
     * Sets the result of the frame at position {@code i}. From this call on the runtime owns the
     * value and releases it as any stage result (exactly once, after its last reader, also when
     * the batch then throws). A frame given neither a result nor a failure has "no result", as a
     * {@link Stage} returning {@code null}.
     *
     * @param i the position
     * @param value the result, or {@code null} for "no result"
     * @throws IndexOutOfBoundsException if {@code i} is out of range
     * @throws IllegalStateException if the frame already has a result or a failure
     */
    void result(int i, O value);

    /**
     * Fails the frame at position {@code i} only: it ends failed with this cause, attributed to the
     * stage and this frame, and its neighbours in the batch are not affected. The stage's
     * {@link ErrorPolicy} applies once per call however many of its frames failed (a restart
     * replaces the instance once, after the call).
     *
     * @param i the position
     * @param cause why the frame failed
     * @throws IndexOutOfBoundsException if {@code i} is out of range
     * @throws IllegalStateException if the frame already has a result or a failure
     * @throws NullPointerException if {@code cause} is {@code null}
     */
    void fail(int i, Throwable cause);
}
