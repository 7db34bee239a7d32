package dev.stagegraph.video;

import dev.stagegraph.source.FrameSource;

/**
 * A source of {@link VideoFrame}s: a video file, a network stream, a camera or a folder of images.
 * Made by {@link VideoSources#create}; each run needs its own, unopened instance.
 *
 * <h2>Threads and lifecycle</h2>
 * As for every {@link FrameSource}: {@code open}, {@code next} and {@code close} are called by one
 * thread (the runner's source thread). {@link #stats()} may be called from any thread at any time.
 * {@code next} never blocks past the source's read time-out per attempt; a live stream that is lost
 * reconnects inside {@code next} (with exponential backoff, for at most
 * {@link VideoOptions#reconnectFor()}) and then goes on returning frames, so stages see one
 * uninterrupted run. Interrupting the calling thread (the runner's stop) ends a blocked read or a
 * reconnect wait promptly with an exception.
 *
 * <h2>Frames and native memory</h2>
 * {@code next(reuse)} fills {@code reuse} when it is given and still open; otherwise it makes a new
 * frame and remembers it. Each frame carries its presentation time, which is also the frame's
 * capture time in its {@link dev.stagegraph.FrameContext} ({@link #timestampNanos()}), and the
 * source's {@link #name()}. {@link #close()} frees the decoder and the connection but not the
 * frames: the runtime releases every frame it holds when the run ends (through
 * {@link FrameSource#release}, which closes it), and {@link #releaseFrames()} closes whatever is
 * left (the frames a run handed back as unfinished, or all of them when the source was read
 * without a runner).
 */
public interface VideoSource extends FrameSource<VideoFrame>, AutoCloseable {

    /**
     * The input as the user named it, e.g. {@code file:clip.mp4}; also each frame's {@link VideoFrame#source()}.
     *
     * @return the name
     */
    String name();

    /**
     * The rate the input was recorded or is sent at, from its headers; a guess (25) when it has none.
     * Valid after {@code open}.
     *
     * @return frames per second, positive
     */
    double framesPerSecond();

    /**
     * A snapshot of the source's counters. Safe from any thread, at any time (zeros before {@code open}).
     *
     * @return the counters now
     */
    StreamStats stats();

    /**
     * Frees the decoder, the connection or the device; not the frames (see {@link #releaseFrames()}).
     * Called once by the runner, also after failures; later calls do nothing. Never throws a checked
     * exception, so a source works in try-with-resources.
     */
    @Override
    void close();

    /**
     * Closes every frame this source made that is still open (each frame's image is released once,
     * whoever closed it first). Call only after the run has ended: the runtime owns frames until
     * then.
     */
    void releaseFrames();
}
