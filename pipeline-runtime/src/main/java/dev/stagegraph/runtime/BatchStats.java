package dev.stagegraph.runtime;

import dev.stagegraph.report.BatchReport;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * What one batched instance's calls looked like: how many frames each call took, and how long its
 * first frame waited for the batch to fill (the latency batching adds). Single writer (the
 * instance's thread); {@code batches}, {@code frames} and {@code waitNanos} are opaque stores that
 * meters read from any thread; the histogram and the wait recorder are read after the thread
 * stopped (the join orders the reads).
 */
final class BatchStats {
    private static final VarHandle BATCHES;
    private static final VarHandle FRAMES;
    private static final VarHandle WAIT_NANOS;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            BATCHES = lookup.findVarHandle(BatchStats.class, "batches", long.class);
            FRAMES = lookup.findVarHandle(BatchStats.class, "frames", long.class);
            WAIT_NANOS = lookup.findVarHandle(BatchStats.class, "waitNanos", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** {@code bySize[k]}: calls that took {@code k + 1} frames. */
    private final long[] bySize;
    private final LatencyRecorder waits = new LatencyRecorder();
    private long batches;
    private long frames;
    private long waitNanos;

    BatchStats(int maxBatch) {
        this.bySize = new long[maxBatch];
    }

    void record(int size, long waitedNanos) {
        long wait = Math.max(0, waitedNanos);
        bySize[size - 1]++;
        waits.record(wait);
        BATCHES.setOpaque(this, batches + 1);
        FRAMES.setOpaque(this, frames + size);
        WAIT_NANOS.setOpaque(this, waitNanos + wait);
    }

    double batches() {
        return (long) BATCHES.getOpaque(this);
    }

    double frames() {
        return (long) FRAMES.getOpaque(this);
    }

    double waitNanos() {
        return (long) WAIT_NANOS.getOpaque(this);
    }

    void addTo(long[] total, LatencyRecorder totalWaits) {
        for (int k = 0; k < bySize.length; k++) {
            total[k] += bySize[k];
        }
        waits.addTo(totalWaits);
    }

    /** The report of a batch stage over its instances ({@code null} entries ran no batch of their own). */
    static BatchReport report(int maxBatch, long maxDelayNanos, List<BatchStats> instances) {
        long[] bySize = new long[maxBatch];
        LatencyRecorder waits = new LatencyRecorder();
        for (BatchStats s : instances) {
            if (s != null) {
                s.addTo(bySize, waits);
            }
        }
        List<Long> histogram = new ArrayList<>(maxBatch);
        for (long c : bySize) {
            histogram.add(c);
        }
        return new BatchReport(maxBatch, maxDelayNanos, histogram, waits.summary());
    }
}
