package dev.stagegraph.samples.camera;

import dev.stagegraph.video.VideoFrame;
import dev.stagegraph.video.VideoSource;
import java.util.ArrayList;
import java.util.List;

/**
 * A pipeline-video {@link VideoSource} (a file FFmpeg decodes, an RTSP or HTTP stream, a camera, a
 * folder of images) as a {@link Feed} of the sample's frames. Each {@link Frame} wraps one of the
 * source's {@link VideoFrame}s and is refilled with it: {@code next(reuse)} hands the video source
 * the wrapped frame back, so decoding reuses its buffer. Called on the runner's source thread, as
 * every {@code FrameSource}.
 */
final class VideoFeed implements Feed {
    private final VideoSource source;
    private final List<Frame> made = new ArrayList<>();

    /**
     * A feed.
     *
     * @param source an unopened source, owned by this feed from now on
     */
    VideoFeed(VideoSource source) {
        this.source = source;
    }

    @Override
    public void open() throws Exception {
        source.open();
    }

    @Override
    public Frame next(Frame reuse) throws Exception {
        VideoFrame v = source.next(reuse == null ? null : reuse.video);
        if (v == null) {
            return null;
        }
        if (reuse != null && reuse.video == v) {
            return reuse;
        }
        Frame f = new Frame(v);
        made.add(f);
        return f;
    }

    @Override
    public long timestampNanos() {
        return source.timestampNanos();
    }

    @Override
    public String name() {
        return source.name();
    }

    @Override
    public void release(Frame frame) throws Exception {
        source.release(frame.video);
    }

    @Override
    public boolean live() {
        return source.live();
    }

    @Override
    public long length() {
        return source.length();
    }

    @Override
    public void close() {
        source.close();
    }

    @Override
    public double framesPerSecond() {
        return source.framesPerSecond();
    }

    @Override
    public void releaseFrames() {
        made.clear();
        source.releaseFrames();
    }
}
