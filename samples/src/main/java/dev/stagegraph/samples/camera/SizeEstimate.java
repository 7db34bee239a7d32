package dev.stagegraph.samples.camera;

/**
 * One object's geometry in pixels and its size in the world.
 *
 * @param box the bounding box
 * @param area the blob's area in pixels
 * @param aspect width over height of the box
 * @param extent the blob's area over the box's area: 1 for a filled rectangle, about 0.79 for a disc
 * @param worldWidth the width in metres, {@code NaN} when the foot is above the horizon
 * @param worldHeight the height in metres, {@code NaN} when the foot is above the horizon
 */
record SizeEstimate(Box box, double area, double aspect, double extent, double worldWidth, double worldHeight) {}
