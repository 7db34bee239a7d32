package dev.stagegraph.samples.camera;

import java.util.List;
import org.opencv.core.Mat;

/**
 * The detector's result for one frame: the moving objects, in the order both branches keep, so the
 * k-th size and the k-th label describe the same object, and the frame's image for stages that look
 * at pixels. The image belongs to the frame: read-only, and valid only while the frame is in flight
 * (until the sink's call for it returns), so a stage reads it during {@code process} and keeps
 * nothing of it.
 *
 * @param image the frame's image, or {@code null} where no stage needs pixels (tests)
 * @param objects the detections; immutable
 */
record Detections(Mat image, List<Detection> objects) {

    /** Copies the list. */
    Detections {
        objects = List.copyOf(objects);
    }

    /** Detections without an image. */
    Detections(List<Detection> objects) {
        this(null, objects);
    }
}
