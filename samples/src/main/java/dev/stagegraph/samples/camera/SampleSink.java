package dev.stagegraph.samples.camera;

import dev.stagegraph.FrameSink;
import dev.stagegraph.serve.JpegStream;
import java.io.IOException;

/**
 * The sample's sink: keeps the last result (its tally is the run's summary) and appends the
 * encoded frames to the annotated video when there is one, and offers them to the live view's
 * stream when it serves one. Called by one runtime thread at a time;
 * read after the run.
 */
final class SampleSink implements FrameSink<Frame, Annotated> {
    private final AnnotatedVideo video;
    private final JpegStream live;
    private FrameResult last;

    /**
     * A sink.
     *
     * @param video where annotated frames go, or {@code null} for none
     * @param live the live view's stream, or {@code null} for none
     */
    SampleSink(AnnotatedVideo video, JpegStream live) {
        this.video = video;
        this.live = live;
    }

    @Override
    public void onResult(long frame, Frame input, Annotated result) throws IOException {
        if (result == null) {
            return;
        }
        last = result.result();
        if (video != null && result.jpeg() != null) {
            video.write(input, result.jpeg());
        }
        if (live != null && result.jpeg() != null) {
            live.offer(result.jpeg());
        }
    }

    /** The last frame's result, or {@code null} before the first. */
    FrameResult last() {
        return last;
    }
}
