package dev.stagegraph.bench;

import dev.stagegraph.source.FrameSource;

/**
 * A source of {@code frames} frames released at a fixed rate by a {@link Pacer}: frame {@code n}
 * carries the value {@code n}. The clock starts at the first {@code next}, after every stage has
 * opened. Recorded (the runner waits for room) unless made live, like a camera that never waits.
 */
final class PacedSource implements FrameSource<Value> {
    private final Pacer pacer;
    private final long frames;
    private final boolean live;
    private long next;

    PacedSource(double fps, long frames) {
        this(fps, frames, false);
    }

    PacedSource(double fps, long frames, boolean live) {
        this.pacer = new Pacer(fps);
        this.frames = frames;
        this.live = live;
    }

    @Override
    public boolean live() {
        return live;
    }

    @Override
    public Value next(Value reuse) {
        if (next == frames) {
            return null;
        }
        pacer.awaitFrame(next);
        Value frame = reuse != null ? reuse : new Value();
        frame.value = next++;
        return frame;
    }

    @Override
    public long length() {
        return frames;
    }
}
