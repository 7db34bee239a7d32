package dev.stagegraph.samples.camera;

import dev.stagegraph.FrameSink;
import dev.stagegraph.Outcome;
import dev.stagegraph.serve.JpegStream;
import java.io.IOException;
import java.util.List;

/**
 * The sample's sink: keeps the last result (its tally is the run's summary), appends the annotated
 * frames to the video, at their frames' capture times, when there is one and offers their JPEGs to
 * the live view's stream when it serves one, and counts the frames that did not come through (failed, dropped, aborted), which
 * the summary reports. Called by one runtime thread at a time; read after the run.
 */
final class SampleSink implements FrameSink<Frame, Annotated> {
    private final AnnotatedVideo video;
    private final List<JpegStream> live;
    private FrameResult last;
    private long missed;

    /**
     * A sink.
     *
     * @param video where annotated frames go, or {@code null} for none
     * @param live the live view's streams this camera's frames go to, empty for none
     */
    SampleSink(AnnotatedVideo video, List<JpegStream> live) {
        this.video = video;
        this.live = List.copyOf(live);
    }

    @Override
    public void accept(Outcome<? extends Frame, ? extends Annotated> outcome) throws IOException {
        if (outcome.kind() != Outcome.Kind.RESULT) {
            missed += outcome.kind() == Outcome.Kind.NO_RESULT ? 0 : 1;
            return;
        }
        Annotated result = outcome.result();
        last = result.result();
        if (video != null && result.image() != null) {
            video.write(result.image(), outcome.frame().timestampNanos());
        }
        if (result.jpeg() != null) {
            for (JpegStream s : live) {
                s.offer(result.jpeg());
            }
        }
    }

    /** Frames that failed, were dropped or were aborted. */
    long missed() {
        return missed;
    }

    /** The last frame's result, or {@code null} before the first. */
    FrameResult last() {
        return last;
    }
}
