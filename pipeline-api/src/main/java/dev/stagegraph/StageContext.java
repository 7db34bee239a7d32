package dev.stagegraph;

/**
 * What a stage instance learns about itself at {@code open}. Immutable; may be kept.
 *
 * @param pipeline the pipeline's name
 * @param stage the stage's name, unique within the pipeline
 * @param replica this instance's index, from 0 to {@code replicas - 1}
 * @param replicas how many instances of the stage run
 */
public record StageContext(String pipeline, String stage, int replica, int replicas) {}
