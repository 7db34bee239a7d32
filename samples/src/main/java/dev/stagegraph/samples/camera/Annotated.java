package dev.stagegraph.samples.camera;

/**
 * The pipeline's result for one frame: the aggregator's result and, when a video is written, the
 * annotated frame encoded as JPEG.
 *
 * @param result what was seen
 * @param jpeg the annotated frame, or {@code null} when no video is written; shared read-only
 */
record Annotated(FrameResult result, byte[] jpeg) {}
