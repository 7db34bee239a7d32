package dev.stagegraph.runtime;

import dev.stagegraph.FrameFailure;
import dev.stagegraph.FrameSink;
import java.util.ArrayList;
import java.util.List;

/**
 * The sink's per-frame step both runners share: hand the frame's outcome to the user's sink, count
 * it, record its end-to-end latency, and clear the slot's cells so the ring keeps no results alive.
 *
 * <p>Confined to one thread at a time; counters are read after that thread stopped.
 */
final class Delivery<S, R> {
    static final int KEPT_FAILURES = 10;

    private final FrameSink<? super S, ? super R> sink;
    private final int result;
    private final boolean timing;
    private final FatalListener fatal;
    private final LatencyRecorder endToEnd = new LatencyRecorder();
    private final List<FrameFailure> firstFailures = new ArrayList<>();
    long completed;
    long failed;

    Delivery(FrameSink<? super S, ? super R> sink, int result, boolean timing, FatalListener fatal) {
        this.sink = sink;
        this.result = result;
        this.timing = timing;
        this.fatal = fatal;
    }

    @SuppressWarnings("unchecked")
    void deliver(Slot slot) {
        Object value = slot.cell(result);
        S input = (S) slot.input;
        try {
            if (value instanceof Failed f) {
                noteFailure(f.failure());
                sink.onFailure(slot.frame, input, f.failure());
            } else {
                sink.onResult(slot.frame, input, (R) value);
                completed++;
            }
        } catch (Throwable t) {
            FrameFailure failure = new FrameFailure("sink", 0, slot.frame, t);
            if (!(value instanceof Failed)) {
                noteFailure(failure);
            }
            fatal.onFatal(failure);
        }
        if (timing) {
            endToEnd.record(System.nanoTime() - slot.takenNanos);
        }
        slot.clearCells();
    }

    /** Counts a failed frame and keeps its failure if it is among the first few. */
    void noteFailure(FrameFailure failure) {
        failed++;
        if (firstFailures.size() < KEPT_FAILURES) {
            firstFailures.add(failure);
        }
    }

    List<FrameFailure> firstFailures() {
        return firstFailures;
    }

    LatencyRecorder endToEnd() {
        return endToEnd;
    }
}
