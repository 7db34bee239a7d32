package dev.stagegraph.samples.camera;

/**
 * What the classifier says one object is.
 *
 * @param kind the most likely kind
 * @param confidence the share of the model's votes for it, from 0 to 1
 * @param face the face detector's best score at the top of a person's box, from 0 to 1; {@code NaN}
 *     when no face model is loaded, the object is no person, or its box is too small
 */
record Label(Kind kind, double confidence, double face) {}
