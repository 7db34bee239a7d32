package dev.stagegraph.samples.camera;

import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Mat;

/**
 * The objects of one frame as {@link YoloxStage} labels them: the model's boxes, best first, or,
 * without a model, the detector's moving blobs labelled {@link ObjectClass#OBJECT}. Immutable.
 *
 * @param objects the objects; each has a non-null {@link Sighting#objectClass()}
 * @param modelled whether a model labelled them; {@code false} means every label is "object"
 */
record Sightings(List<Sighting> objects, boolean modelled) {

    /** Copies the list. */
    Sightings {
        objects = List.copyOf(objects);
    }

    /**
     * How many objects of a class this frame holds.
     *
     * @param c a class; {@link ObjectClass#VEHICLE} counts cars, motorcycles, buses and trucks
     * @return the count
     */
    int count(ObjectClass c) {
        int n = 0;
        for (Sighting s : objects) {
            if (s.objectClass() == c || s.objectClass().group() == c) {
                n++;
            }
        }
        return n;
    }

    /**
     * The objects as the sample's detections, in the same order, so stages written for the
     * detector's blobs (the size estimator) can measure them: each box's outline is its rectangle.
     *
     * @param image the frame's image to pass along, or {@code null}; see {@link Detections}
     * @return the detections
     */
    Detections asDetections(Mat image) {
        List<Detection> list = new ArrayList<>(objects.size());
        for (Sighting s : objects) {
            Box b = s.box();
            int[] outline = {b.x(), b.y(), b.right() - 1, b.y(), b.right() - 1, b.bottom() - 1, b.x(), b.bottom() - 1};
            list.add(new Detection(b, b.area(), outline));
        }
        return new Detections(image, list);
    }
}
