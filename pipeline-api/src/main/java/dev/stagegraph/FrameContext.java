package dev.stagegraph;

/**
 * What every stage call knows about the frame it works on, without the frame type carrying it: the
 * frame's number, the source it came from and when it was captured.
 *
 * <p>The runtime owns the object and reuses it: it is valid only during the call it was passed to
 * (read what you need, do not keep the reference). Use {@link #copy()} to keep the values. Calls to
 * it are cheap field reads and never allocate.
 */
public interface FrameContext {

    /**
     * The frame's number within its source, from 0, counting every frame the source delivered,
     * including frames a live source dropped.
     *
     * @return the frame number
     */
    long number();

    /**
     * The name of the source the frame came from ({@link dev.stagegraph.source.FrameSource#name()}).
     *
     * @return the source's name, never {@code null}
     */
    String source();

    /**
     * When the frame was captured, as the source says: a camera's timestamp or a file's presentation
     * time, in nanoseconds on the source's own clock (increasing within a source, with an origin of
     * the source's choosing). A source that gives no time gets the monotonic time at which the
     * runtime took the frame, which equals {@link #takenNanos()}.
     *
     * @return the capture time in nanoseconds
     */
    long timestampNanos();

    /**
     * When the runtime took the frame from the source, on the {@link System#nanoTime()} clock: the
     * start of the frame's end-to-end latency.
     *
     * @return the monotonic take time in nanoseconds
     */
    long takenNanos();

    /**
     * An immutable copy of this context, safe to keep and share.
     *
     * @return the copy
     */
    default FrameContext copy() {
        return of(number(), source(), timestampNanos(), takenNanos());
    }

    /**
     * An immutable context with the given values, for tests and for callers that run stages by
     * hand.
     *
     * @param number the frame number
     * @param source the source's name
     * @param timestampNanos the capture time
     * @param takenNanos the monotonic take time
     * @return the context
     * @throws NullPointerException if {@code source} is {@code null}
     */
    static FrameContext of(long number, String source, long timestampNanos, long takenNanos) {
        return new Frames.Fixed(number, java.util.Objects.requireNonNull(source, "source"), timestampNanos, takenNanos);
    }
}
