package dev.stagegraph.samples.camera;

import java.util.List;

/**
 * The aggregator's result for one frame: every object with its track, label and size, and the
 * running totals so far. Immutable and comparable with {@code equals}, so sequential and parallel
 * runs can be checked frame by frame.
 *
 * @param frame the frame number
 * @param objects the frame's objects, in detection order
 * @param tally the totals after this frame
 */
record FrameResult(long frame, List<TrackedObject> objects, Tally tally) {

    /** Copies the list. */
    FrameResult {
        objects = List.copyOf(objects);
    }
}
