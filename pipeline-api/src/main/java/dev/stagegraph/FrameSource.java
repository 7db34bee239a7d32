package dev.stagegraph;

import java.util.Iterator;
import java.util.Objects;

/**
 * Where frames come from: a camera, a video file, a folder of images, a generator.
 *
 * <h2>Threads and lifecycle</h2>
 * A runner calls {@link #open}, then {@link #next} until it returns {@code null} or the run stops,
 * then {@link #close}, all on one runtime thread that belongs to this source. {@code open} runs at
 * the same time as the stages' {@code open}; an exception from it fails the run before any frame.
 *
 * <h2>Frames and reuse</h2>
 * A frame handed out by {@code next} is owned by the runtime until the sink's call for it has
 * returned. The runtime then keeps the object and may pass it back to a later {@code next} call as
 * {@code reuse}, so a source of large mutable frames (an OpenCV {@code Mat}) can read into it
 * instead of allocating; a source of immutable frames ignores {@code reuse}.
 *
 * @param <S> the frame type
 */
public interface FrameSource<S> {

    /**
     * Opens the device or file. Called once, before {@link #next}.
     *
     * @throws Exception if the source can't be read; the message should say what to do
     */
    default void open() throws Exception {}

    /**
     * Returns the next frame, blocking until one is available.
     *
     * @param reuse a frame object the runtime no longer needs, or {@code null}; may be filled and
     *     returned, or ignored
     * @return the next frame, or {@code null} at the end of the stream
     * @throws Exception if reading failed; the run fails with it
     */
    S next(S reuse) throws Exception;

    /**
     * Whether this source is live: a camera that must never be made to wait. A live source's
     * frames are dropped (and counted) when the pipeline is behind; a recorded source waits.
     *
     * @return {@code true} for a live source; {@code false} by default
     */
    default boolean live() {
        return false;
    }

    /**
     * How many frames the source will deliver, when known (a file, a folder, a counted generator).
     *
     * @return the frame count, or -1 when unknown
     */
    default long length() {
        return -1;
    }

    /**
     * Releases the device or file. Called once, also after failures.
     *
     * @throws Exception reported with the run
     */
    default void close() throws Exception {}

    /**
     * A recorded source over the elements of {@code frames}, in iteration order.
     *
     * @param frames the frames; no element may be {@code null}
     * @param <S> the frame type
     * @return a new source; iterates {@code frames} once per run
     */
    static <S> FrameSource<S> of(Iterable<? extends S> frames) {
        Objects.requireNonNull(frames, "frames");
        return new FrameSource<>() {
            private Iterator<? extends S> it;

            @Override
            public void open() {
                it = frames.iterator();
            }

            @Override
            public S next(S reuse) {
                if (!it.hasNext()) {
                    return null;
                }
                return Objects.requireNonNull(it.next(), "FrameSource.of: a frame was null");
            }

            @Override
            public long length() {
                return frames instanceof java.util.Collection<?> c ? c.size() : -1;
            }
        };
    }
}
