package dev.stagegraph.samples.camera;

import java.util.ArrayList;
import java.util.List;

/**
 * What the classifier says one object is.
 *
 * @param cls the class's label: a synthetic {@link Kind#label()} from the shape classifier, an
 *     {@link ObjectClass#label()} from the COCO model, or {@code "object"} when no model looked
 * @param confidence the label's confidence from 0 to 1 (the share of the forest's votes, the
 *     model's score); {@code NaN} for "object", which no model gave
 * @param face the face detector's best score at the top of a person's box, from 0 to 1; {@code NaN}
 *     when no face model is loaded, the object is no person, or its box is too small
 */
record Label(String cls, double confidence, double face) {

    /**
     * The labels of a frame's sightings, in their order.
     *
     * @param sightings the classifier's sightings, each with a class the sample reports
     * @return one label per sighting
     */
    static List<Label> of(Sightings sightings) {
        List<Label> labels = new ArrayList<>(sightings.objects().size());
        for (Sighting s : sightings.objects()) {
            labels.add(new Label(s.objectClass().label(), s.score(), Double.NaN));
        }
        return labels;
    }
}
