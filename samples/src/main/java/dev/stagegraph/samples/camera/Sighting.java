package dev.stagegraph.samples.camera;

/**
 * One object a COCO model saw in one frame, or one moving blob no model looked at.
 *
 * @param box the object's box in full-frame pixels, inside the frame
 * @param coco the COCO class index, 0 to 79, or -1 for a blob no model labelled
 * @param name the class's name as {@code coco.names} spells it, or {@code "object"}
 * @param score the model's score, objectness times class probability, from 0 to 1; {@code NaN} for
 *     a blob no model labelled
 */
record Sighting(Box box, int coco, String name, double score) {

    /** A moving blob that no model has labelled. */
    static Sighting unlabelled(Box box) {
        return new Sighting(box, -1, ObjectClass.OBJECT.label(), Double.NaN);
    }

    /**
     * The sample's class for this object.
     *
     * @return the class; {@link ObjectClass#OBJECT} for an unlabelled blob; {@code null} for a COCO
     *     class the sample does not report
     */
    ObjectClass objectClass() {
        return coco < 0 ? ObjectClass.OBJECT : ObjectClass.ofCoco(coco);
    }
}
