package dev.stagegraph.samples.camera;

/**
 * One moving object the detector found: its box and the outline of its foreground blob, in
 * full-frame pixels. Immutable by convention: the outline array is shared read-only between stages.
 *
 * @param box the blob's bounding box
 * @param area the blob's area in pixels (the outline's area)
 * @param outline the outline's points as {@code x0, y0, x1, y1, ...}
 */
record Detection(Box box, double area, int[] outline) {}
