package dev.stagegraph.samples.camera;

import dev.stagegraph.FrameSink;

/**
 * The sample's sink: keeps the last result (its tally is the run's summary) and appends the
 * encoded frames to the annotated video when there is one. Called by one runtime thread at a time;
 * read after the run.
 */
final class SampleSink implements FrameSink<Frame, Annotated> {
    private final AnnotatedVideo video;
    private FrameResult last;

    /**
     * A sink.
     *
     * @param video where annotated frames go, or {@code null} for none
     */
    SampleSink(AnnotatedVideo video) {
        this.video = video;
    }

    @Override
    public void onResult(long frame, Frame input, Annotated result) throws java.io.IOException {
        if (result == null) {
            return;
        }
        last = result.result();
        if (video != null && result.jpeg() != null) {
            video.write(input, result.jpeg());
        }
    }

    /** The last frame's result, or {@code null} before the first. */
    FrameResult last() {
        return last;
    }
}
