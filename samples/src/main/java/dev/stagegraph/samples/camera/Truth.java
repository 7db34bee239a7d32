package dev.stagegraph.samples.camera;

/**
 * What the synthetic source drew: one object's kind, its exact pixel box and its size in the world.
 *
 * @param object which generated object this is, from 0, the same in every frame
 * @param kind what the object is
 * @param box the drawn silhouette's bounding box, cut to the frame
 * @param worldWidth the object's width in metres
 * @param worldHeight the object's height in metres
 */
record Truth(int object, Kind kind, Box box, double worldWidth, double worldHeight) {}
