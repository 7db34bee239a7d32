package dev.stagegraph.runtime;

import dev.stagegraph.report.Latency;
import org.HdrHistogram.Histogram;

/**
 * A single-writer histogram of durations that does not allocate when it records. Values above an
 * hour are clamped. Read it after the writer has stopped (a thread join orders the reads).
 */
final class LatencyRecorder {
    private static final long HIGHEST = 3_600_000_000_000L;

    private final Histogram histogram = new Histogram(HIGHEST, 2);

    void record(long nanos) {
        histogram.recordValue(Math.max(0, Math.min(nanos, HIGHEST)));
    }

    void addTo(Histogram total) {
        total.add(histogram);
    }

    void addTo(LatencyRecorder total) {
        total.histogram.add(histogram);
    }

    static Histogram newTotal() {
        return new Histogram(HIGHEST, 2);
    }

    static Latency summary(Histogram h) {
        if (h.getTotalCount() == 0) {
            return Latency.NONE;
        }
        return new Latency(h.getTotalCount(), h.getValueAtPercentile(50), h.getValueAtPercentile(95),
                h.getValueAtPercentile(99), h.getMaxValue());
    }

    Latency summary() {
        return summary(histogram);
    }
}
