package dev.stagegraph.samples.camera;

import java.util.List;
import org.opencv.core.Mat;

/**
 * One camera frame: a BGR image and, for the synthetic source, what was drawn on it. Mutable and
 * reused: a {@link MatSource} reads the next frame into a frame the runtime handed back, so the
 * image's native buffer is allocated once per ring slot, not once per frame. Stages read it and
 * never write it; it is valid until the sink's call for it returns.
 */
final class Frame {
    final Mat image = new Mat();
    private List<Truth> truth = List.of();

    /** The ground truth of a synthetic frame; empty for real footage. */
    List<Truth> truth() {
        return truth;
    }

    /** Sets what was drawn on this frame; called by the synthetic source as it fills the frame. */
    void truth(List<Truth> objects) {
        this.truth = List.copyOf(objects);
    }

    /** Frees the image's native buffer; the frame is unusable afterwards. */
    void release() {
        image.release();
    }
}
