package dev.stagegraph.samples.camera;

import java.util.List;

/**
 * The detector's result for one frame: the moving objects, in the order both branches keep, so the
 * k-th size and the k-th label describe the same object.
 *
 * @param objects the detections; immutable
 */
record Detections(List<Detection> objects) {

    /** Copies the list. */
    Detections {
        objects = List.copyOf(objects);
    }
}
