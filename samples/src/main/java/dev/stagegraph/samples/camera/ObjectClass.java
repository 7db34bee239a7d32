package dev.stagegraph.samples.camera;

import java.util.Locale;

/**
 * The classes of real object the camera sample reports from a COCO model ({@link Yolox}): the six
 * COCO classes found on streets, plus {@link #VEHICLE}, the group a vehicle count uses, and
 * {@link #OBJECT}, for a moving blob no model has looked at.
 *
 * <p>YOLOX-Nano often calls a large close car or a van "bus" and sometimes "truck", so counting
 * cars alone undercounts: a counter should count {@link #group()}, which folds car, motorcycle,
 * bus and truck into {@link #VEHICLE}.
 */
enum ObjectClass {
    /** COCO 0. */
    PERSON(0),
    /** COCO 1. */
    BICYCLE(1),
    /** COCO 2. */
    CAR(2),
    /** COCO 3 ("motorbike" in the darknet name list). */
    MOTORCYCLE(3),
    /** COCO 5. */
    BUS(5),
    /** COCO 7. */
    TRUCK(7),
    /** Car, motorcycle, bus and truck counted together; never a model's own label. */
    VEHICLE(-1),
    /** Something moving that no model has labelled: the honest label without a model. */
    OBJECT(-1);

    private static final ObjectClass[] BY_COCO = new ObjectClass[CocoNames.CLASSES];

    static {
        for (ObjectClass c : values()) {
            if (c.coco >= 0) {
                BY_COCO[c.coco] = c;
            }
        }
    }

    /** The COCO class index, or -1 for the two classes that are not COCO's. */
    final int coco;

    ObjectClass(int coco) {
        this.coco = coco;
    }

    /**
     * The class of a COCO index.
     *
     * @param coco a COCO class index, 0 to 79
     * @return the class, or {@code null} for a COCO class the sample does not report (a chair, a dog)
     */
    static ObjectClass ofCoco(int coco) {
        return coco >= 0 && coco < BY_COCO.length ? BY_COCO[coco] : null;
    }

    /** Whether this is one of the classes merged into {@link #VEHICLE}. */
    boolean isVehicle() {
        return this == CAR || this == MOTORCYCLE || this == BUS || this == TRUCK;
    }

    /** What a count files this class under: {@link #VEHICLE} for a vehicle, else the class itself. */
    ObjectClass group() {
        return isVehicle() ? VEHICLE : this;
    }

    /** The lower-case name shown on labels. */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
