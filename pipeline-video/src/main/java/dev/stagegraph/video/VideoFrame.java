package dev.stagegraph.video;

import org.opencv.core.CvType;
import org.opencv.core.Mat;

/**
 * One decoded video frame: a BGR image ({@code CV_8UC3}), its presentation time, its index in the
 * stream and the name of its source.
 *
 * <h2>Reuse</h2>
 * A frame is a reusable buffer. A {@link VideoSource} fills the frame the runtime hands back as
 * {@code reuse}: the decoder writes straight into the same {@link Mat}'s native buffer, which is
 * allocated once per frame object (again only if the stream's size changes), so a run allocates no
 * native memory per frame. The fields change every time the frame is refilled: a stage that needs a
 * frame's pixels after the sink's call for it returned must copy them.
 *
 * <h2>Threads</h2>
 * Not thread-safe. The source fills a frame on its thread; the runtime's ring hands it to stages
 * with a happens-before edge, and stages only read it.
 *
 * <h2>Native memory</h2>
 * {@link #close()} releases the {@link Mat}'s native buffer, exactly once; later calls do nothing.
 * Close a frame only when nothing reads it any more: after the run that used it has ended
 * ({@link VideoSource#releaseFrames()} closes every frame a source made).
 */
public final class VideoFrame implements AutoCloseable {
    private final Mat image;
    private long ptsNanos;
    private long index = -1;
    private String source = "";
    private boolean closed;

    /** An empty frame; its image is allocated by the first source that fills it. */
    public VideoFrame() {
        Natives.loadOpenCv();
        image = new Mat();
    }

    /**
     * The pixels: {@code CV_8UC3}, BGR, continuous, {@link #width()} x {@link #height()}. Owned by
     * this frame: do not release it; it is overwritten when the frame is refilled.
     *
     * @return the image
     * @throws IllegalStateException if the frame was closed
     */
    public Mat image() {
        if (closed) {
            throw new IllegalStateException("the VideoFrame was closed; its image is released");
        }
        return image;
    }

    /**
     * The presentation time in nanoseconds since the source's first frame: from the container's
     * timestamps where it has them (a file's pts, an RTSP stream's RTP clock), else a monotonic clock.
     * Strictly increasing within one run of a source, also across a stream's reconnects (where it
     * jumps by the outage's length).
     *
     * @return nanoseconds, 0 for the first frame of a file
     */
    public long ptsNanos() {
        return ptsNanos;
    }

    /**
     * The frame's position in the source's output: 0 for the first delivered frame, then 1, 2, ...
     * without gaps (frames lost in a stream outage are counted in {@link StreamStats}, not skipped here).
     *
     * @return the index, or -1 before the frame was first filled
     */
    public long index() {
        return index;
    }

    /**
     * The source as the user named it, e.g. {@code file:clip.mp4} or {@code rtsp://cam/stream}.
     *
     * @return the name, empty before the frame was first filled
     */
    public String source() {
        return source;
    }

    /**
     * The image width.
     *
     * @return pixels, 0 before the frame was first filled
     */
    public int width() {
        return image.cols();
    }

    /**
     * The image height.
     *
     * @return pixels, 0 before the frame was first filled
     */
    public int height() {
        return image.rows();
    }

    /**
     * Whether {@link #close()} was called.
     *
     * @return {@code true} once closed
     */
    public boolean closed() {
        return closed;
    }

    /** Releases the image's native buffer; the frame is unusable afterwards. Later calls do nothing. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            image.release();
        }
    }

    /** Makes the image {@code width x height} BGR, reallocating only when the size changed. */
    Mat ensure(int width, int height) {
        Mat m = image();
        if (m.cols() != width || m.rows() != height || m.type() != CvType.CV_8UC3) {
            m.create(height, width, CvType.CV_8UC3);
        }
        return m;
    }

    /** Sets the frame's description after its image was filled. */
    void stamp(long index, long ptsNanos, String source) {
        this.index = index;
        this.ptsNanos = ptsNanos;
        this.source = source;
    }

    @Override
    public String toString() {
        return "VideoFrame[" + source + " #" + index + " at " + ptsNanos + " ns, " + width() + "x" + height()
                + (closed ? ", closed]" : "]");
    }
}
