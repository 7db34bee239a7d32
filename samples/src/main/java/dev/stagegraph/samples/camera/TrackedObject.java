package dev.stagegraph.samples.camera;

/**
 * One object in one frame, after the join: where it is, what it is, how big, and which track it
 * belongs to.
 *
 * @param track the track's ID, stable while the object keeps moving
 * @param confirmed whether the track has been seen often enough to count
 * @param box the bounding box
 * @param cls this frame's label (see {@link Label#cls()})
 * @param confidence the label's confidence, {@code NaN} for "object"
 * @param worldWidth the width in metres, or {@code NaN}
 * @param worldHeight the height in metres, or {@code NaN}
 * @param face the face score, or {@code NaN} when not looked for (see {@link Label#face()})
 */
record TrackedObject(int track, boolean confirmed, Box box, String cls, double confidence, double worldWidth,
        double worldHeight, double face) {}
