package dev.stagegraph.samples.camera;

import dev.stagegraph.source.FrameSource;

/**
 * A source of the sample's {@link Frame}s: the synthetic feed, or a pipeline-video source
 * ({@link VideoFeed}). Frames are reused as {@link FrameSource} says; the runtime releases the
 * frames it holds when the run ends ({@link FrameSource#release}), and whoever ran the feed calls
 * {@link #releaseFrames()} afterwards for the frames a run handed back or that were never given to
 * a runner.
 */
interface Feed extends FrameSource<Frame> {

    /**
     * How many frames per second the input was recorded or is captured at; the annotated video's
     * nominal rate. Valid after {@code open}.
     *
     * @return frames per second, positive
     */
    double framesPerSecond();

    /**
     * Closes every frame this feed made that is still open. Call only after the run has ended.
     */
    void releaseFrames();
}
