package dev.stagegraph.bench;

import dev.stagegraph.FrameSink;
import dev.stagegraph.Outcome;

/**
 * A sink that measures the steady-state delivery rate: frames delivered after the first, over the
 * time from the first delivery to the last. Unlike the report's FPS, which counts from the first
 * frame taken, it leaves out the time the first frame needs to fill the pipeline, so it compares
 * with the ideal bound, which is a steady-state rate. Called by one runtime thread at a time.
 */
final class SteadyRate implements FrameSink<Object, Object> {
    private long delivered;
    private long firstNanos;
    private long lastNanos;

    @Override
    public void accept(Outcome<?, ?> outcome) {
        long now = System.nanoTime();
        if (delivered++ == 0) {
            firstNanos = now;
        }
        lastNanos = now;
    }

    /** Frames per second; read after the run ended. */
    double fps() {
        return delivered < 2 ? 0 : (delivered - 1) * 1e9 / (lastNanos - firstNanos);
    }
}
