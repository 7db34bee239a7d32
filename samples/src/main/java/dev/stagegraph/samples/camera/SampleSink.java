package dev.stagegraph.samples.camera;

import dev.stagegraph.FrameSink;

/**
 * The sample's sink: keeps the last result (its tally is the run's summary), passes frames to the
 * annotated video when there is one, and times itself, since writing the video is work the ideal
 * bound must count. Called by one runtime thread at a time; read after the run.
 */
final class SampleSink implements FrameSink<Frame, FrameResult> {
    private final AnnotatedVideo video;
    private FrameResult last;
    private long nanos;
    private long frames;

    /**
     * A sink.
     *
     * @param video where annotated frames go, or {@code null} for none
     */
    SampleSink(AnnotatedVideo video) {
        this.video = video;
    }

    @Override
    public void onResult(long frame, Frame input, FrameResult result) {
        long start = System.nanoTime();
        if (result != null) {
            last = result;
        }
        if (video != null) {
            video.onResult(frame, input, result);
        }
        nanos += System.nanoTime() - start;
        frames++;
    }

    /** The last frame's result, or {@code null} before the first. */
    FrameResult last() {
        return last;
    }

    /** Mean time of one call, in nanoseconds. */
    double meanNanos() {
        return frames == 0 ? 0 : (double) nanos / frames;
    }
}
