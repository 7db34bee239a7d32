package dev.stagegraph.samples.camera;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The aggregator's running totals after a frame: tracks and detections per kind, and a histogram of
 * object heights in metres. Immutable.
 *
 * @param tracksPerKind confirmed tracks per kind, by {@link Kind#ordinal()}, each counted once under
 *     the label most of its detections had
 * @param detectionsPerKind detections per kind, by {@link Kind#ordinal()}
 * @param heights detections per height bin of {@value #BIN} m, the last bin holding everything taller
 */
record Tally(List<Integer> tracksPerKind, List<Long> detectionsPerKind, List<Integer> heights) {
    /** The height histogram's bin width in metres. */
    static final double BIN = 0.25;
    /** The number of height bins. */
    static final int BINS = 13;

    /** Copies the lists. */
    Tally {
        tracksPerKind = List.copyOf(tracksPerKind);
        detectionsPerKind = List.copyOf(detectionsPerKind);
        heights = List.copyOf(heights);
    }

    /** The histogram bin of a height in metres, or -1 when it is unknown. */
    static int bin(double metres) {
        if (!(metres >= 0)) {
            return -1;
        }
        return (int) Math.min(BINS - 1, Math.floor(metres / BIN));
    }

    /** All confirmed tracks. */
    int tracks() {
        return tracksPerKind.stream().mapToInt(Integer::intValue).sum();
    }

    /**
     * A few lines for the console: per kind, the tracks and detections; then the height histogram.
     *
     * @return the lines, each ending with a line break
     */
    String describe() {
        StringBuilder b = new StringBuilder();
        List<String> kinds = new ArrayList<>();
        for (Kind k : Kind.all()) {
            kinds.add(String.format(Locale.ROOT, "%s %d (%d detections)", k.label(), tracksPerKind.get(k.ordinal()),
                    detectionsPerKind.get(k.ordinal())));
        }
        b.append("tracks per class: ").append(String.join(", ", kinds)).append(System.lineSeparator());
        b.append("heights (m):");
        for (int i = 0; i < BINS; i++) {
            b.append(String.format(Locale.ROOT, " %s%.2f:%d", i == BINS - 1 ? ">=" : "", i * BIN, heights.get(i)));
        }
        return b.append(System.lineSeparator()).toString();
    }
}
