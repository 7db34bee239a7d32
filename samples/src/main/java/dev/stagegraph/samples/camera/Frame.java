package dev.stagegraph.samples.camera;

import dev.stagegraph.video.VideoFrame;
import java.util.List;
import org.opencv.core.Mat;

/**
 * One camera frame: a pipeline-video {@link VideoFrame} (its BGR image, presentation time and
 * source) and, for the synthetic source, what was drawn on it. Mutable and reused: a {@link Feed}
 * reads the next frame into a frame the runtime handed back, so the image's native buffer is
 * allocated once per ring slot, not once per frame. Stages read it and never write it; it is valid
 * until the sink's call for it returns. The runtime releases it through the feed's
 * {@code FrameSource.release}, which {@linkplain #close() closes} it.
 */
final class Frame implements AutoCloseable {
    final VideoFrame video;
    /** The image, {@code video.image()}: owned by the video frame. */
    final Mat image;
    private List<Truth> truth = List.of();

    /** A frame over a new, empty video frame (the synthetic source's). */
    Frame() {
        this(new VideoFrame());
    }

    /** A frame over {@code video}, which it owns from now on. */
    Frame(VideoFrame video) {
        this.video = video;
        this.image = video.image();
    }

    /** The ground truth of a synthetic frame; empty for real footage. */
    List<Truth> truth() {
        return truth;
    }

    /** Sets what was drawn on this frame; called by the synthetic source as it fills the frame. */
    void truth(List<Truth> objects) {
        this.truth = List.copyOf(objects);
    }

    /** Frees the image's native buffer, once; the frame is unusable afterwards. */
    @Override
    public void close() {
        video.close();
    }
}
