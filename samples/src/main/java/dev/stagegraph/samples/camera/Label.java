package dev.stagegraph.samples.camera;

/**
 * What the classifier says one object is.
 *
 * @param kind the most likely kind
 * @param confidence the share of the model's votes for it, from 0 to 1
 */
record Label(Kind kind, double confidence) {}
