package dev.stagegraph.report;

import java.util.List;

/**
 * How a batch stage's calls were batched in a run, over all its instances. Immutable.
 *
 * @param maxBatch the stage's {@code maxBatch}
 * @param maxDelayNanos the stage's {@code maxDelay}
 * @param sizeHistogram entry {@code k}: how many calls took {@code k + 1} frames; {@code maxBatch}
 *     entries
 * @param batchWait per call, how long its first frame waited in the batch before the call started:
 *     the latency batching added (its later frames waited less). A call that found its batch full
 *     waited about nothing.
 */
public record BatchReport(int maxBatch, long maxDelayNanos, List<Long> sizeHistogram, Latency batchWait) {

    /** Copies the histogram. */
    public BatchReport {
        sizeHistogram = List.copyOf(sizeHistogram);
    }

    /**
     * How many times the stage was called.
     *
     * @return the number of batches
     */
    public long batches() {
        long n = 0;
        for (long c : sizeHistogram) {
            n += c;
        }
        return n;
    }

    /**
     * How many frames the calls took in all.
     *
     * @return the number of frames processed in batches
     */
    public long frames() {
        long n = 0;
        for (int k = 0; k < sizeHistogram.size(); k++) {
            n += (k + 1) * sizeHistogram.get(k);
        }
        return n;
    }

    /**
     * The mean batch size.
     *
     * @return frames per call, 0 when there was no call
     */
    public double meanSize() {
        long b = batches();
        return b == 0 ? 0 : (double) frames() / b;
    }

    /**
     * The largest batch.
     *
     * @return frames in the largest call, 0 when there was no call
     */
    public int largest() {
        for (int k = sizeHistogram.size() - 1; k >= 0; k--) {
            if (sizeHistogram.get(k) > 0) {
                return k + 1;
            }
        }
        return 0;
    }
}
