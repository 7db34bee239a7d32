package dev.stagegraph.samples.camera;

import dev.stagegraph.source.FrameSource;
import java.util.ArrayList;
import java.util.List;

/**
 * A source of OpenCV frames that reads into the frames the runtime hands back as {@code reuse}, so
 * a run allocates one image per ring slot and none per frame.
 *
 * <h2>Native memory</h2>
 * The runtime owns a frame until the sink's call for it returns, and keeps frames in its ring after
 * the source has closed, so {@link #close()} must not free them. Each source remembers the frames it
 * made; whoever ran it calls {@link #releaseFrames()} once the run has ended.
 */
abstract class MatSource implements FrameSource<Frame> {
    private final List<Frame> made = new ArrayList<>();

    /**
     * The frame to fill: {@code reuse} when the runtime gave one back, else a new remembered one.
     * Called on the source's thread only.
     */
    final Frame frame(Frame reuse) {
        if (reuse != null) {
            return reuse;
        }
        Frame f = new Frame();
        made.add(f);
        return f;
    }

    /**
     * Frees the native images of every frame this source made. Call only after the run has ended
     * (the runner's {@code run} or {@code await} returned): the runtime owns frames until then.
     */
    final void releaseFrames() {
        made.forEach(Frame::release);
        made.clear();
    }

    /**
     * How many frames per second the input was recorded or is captured at; the annotated video plays
     * at this rate.
     *
     * @return frames per second, positive
     */
    abstract double framesPerSecond();

    /**
     * The input as the user named it, e.g. {@code file:in.avi}.
     *
     * @return the description
     */
    abstract String describe();
}
