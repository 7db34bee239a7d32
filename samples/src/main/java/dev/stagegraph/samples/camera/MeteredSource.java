package dev.stagegraph.samples.camera;

import dev.stagegraph.FrameSource;

/**
 * Passes a {@link MatSource} through and times its {@code next} calls, so the sample can count the
 * source's cost in the ideal bound (reading and decoding a frame is work like a stage's). Its
 * counters are written by the source's thread and read after the run has ended.
 */
final class MeteredSource implements FrameSource<Frame> {
    private final MatSource source;
    private long nanos;
    private long frames;

    MeteredSource(MatSource source) {
        this.source = source;
    }

    @Override
    public void open() throws Exception {
        source.open();
    }

    @Override
    public Frame next(Frame reuse) throws Exception {
        long start = System.nanoTime();
        Frame f = source.next(reuse);
        nanos += System.nanoTime() - start;
        if (f != null) {
            frames++;
        }
        return f;
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
    public void close() throws Exception {
        source.close();
    }

    /** Mean time of one {@code next} call per delivered frame, in nanoseconds. */
    double meanNanos() {
        return frames == 0 ? 0 : (double) nanos / frames;
    }
}
