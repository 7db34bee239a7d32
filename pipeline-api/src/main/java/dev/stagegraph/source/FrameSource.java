package dev.stagegraph.source;

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
 * <h2>Frames, reuse and release</h2>
 * A frame handed out by {@code next} is owned by the runtime until the sink's call for it has
 * returned. The runtime then keeps the object and may pass it back to a later {@code next} call as
 * {@code reuse}, so a source of large mutable frames (an OpenCV {@code Mat}) can read into it
 * instead of allocating; a source of immutable frames ignores {@code reuse}. When the run ends, on
 * every path, the runtime hands each frame object it still holds to {@link #release} exactly once
 * (frames listed in {@code Execution.unfinished()} are handed back to the caller instead).
 *
 * <h2>Names and timestamps</h2>
 * Each frame's {@link dev.stagegraph.FrameContext} carries the source's {@link #name()} and the
 * capture time the source gives through {@link #timestampNanos()}.
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
     * The capture time of the frame the last {@link #next} call returned: a camera's timestamp or a
     * file's presentation time, in nanoseconds on the source's own clock, increasing from frame to
     * frame. Called on the source's thread right after {@code next} returned a frame.
     *
     * @return the time, or {@link Long#MIN_VALUE} (the default) to let the runtime stamp the frame
     *     with the monotonic time it took it
     */
    default long timestampNanos() {
        return Long.MIN_VALUE;
    }

    /**
     * The source's name, carried by every frame's context and used in reports: a camera's or a
     * file's name.
     *
     * @return the name; {@code "source"} by default
     */
    default String name() {
        return "source";
    }

    /**
     * Releases one frame object the runtime held, when the run ends. The default closes an
     * {@link AutoCloseable} frame and does nothing otherwise. Called once per distinct frame
     * object, before {@link #close}, on the thread that ends the run.
     *
     * @param frame a frame this source returned
     * @throws Exception reported with the run
     */
    default void release(S frame) throws Exception {
        if (frame instanceof AutoCloseable c) {
            c.close();
        }
    }

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
