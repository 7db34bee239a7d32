package dev.stagegraph.samples.camera;

import org.opencv.core.Mat;

/**
 * The pipeline's result for one frame: the aggregator's result and, when a video is written or a
 * live view served, the annotated frame.
 *
 * @param result what was seen
 * @param image the annotated frame (BGR, the input's size), or {@code null} when nothing is drawn;
 *     owned by this result and freed by {@link #release()}, which the pipeline declares for its port
 * @param jpeg the annotated frame encoded as JPEG for a live view, or {@code null}; shared read-only
 */
record Annotated(FrameResult result, Mat image, byte[] jpeg) {

    /** Frees the annotated image's native buffer; called once by the runtime after the sink. */
    void release() {
        if (image != null) {
            image.release();
        }
    }
}
