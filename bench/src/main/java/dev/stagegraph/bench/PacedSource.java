package dev.stagegraph.bench;

import dev.stagegraph.FrameSource;

/**
 * A recorded (not live) source of {@code frames} frames released at a fixed rate by a
 * {@link Pacer}: frame {@code n} carries the value {@code n}. The clock starts at the first
 * {@code next}, after every stage has opened.
 */
final class PacedSource implements FrameSource<Value> {
    private final Pacer pacer;
    private final long frames;
    private long next;

    PacedSource(double fps, long frames) {
        this.pacer = new Pacer(fps);
        this.frames = frames;
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
