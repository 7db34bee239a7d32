package dev.stagegraph.samples.camera;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The aggregator's running totals after a frame: tracks and detections per class, and a histogram of
 * object heights in metres. Immutable.
 *
 * @param tracksPerClass confirmed tracks per class label, in the pipeline's class order, each counted
 *     once under the label most of its detections had
 * @param detectionsPerClass detections per class label, same keys and order
 * @param heights detections per height bin of {@value #BIN} m, the last bin holding everything taller
 */
record Tally(Map<String, Integer> tracksPerClass, Map<String, Long> detectionsPerClass, List<Integer> heights) {
    /** The height histogram's bin width in metres. */
    static final double BIN = 0.25;
    /** The number of height bins. */
    static final int BINS = 13;

    /** Copies the maps and the list, keeping the maps' order. */
    Tally {
        tracksPerClass = Collections.unmodifiableMap(new LinkedHashMap<>(tracksPerClass));
        detectionsPerClass = Collections.unmodifiableMap(new LinkedHashMap<>(detectionsPerClass));
        heights = List.copyOf(heights);
    }

    /** The histogram bin of a height in metres, or -1 when it is unknown. */
    static int bin(double metres) {
        if (!(metres >= 0)) {
            return -1;
        }
        return (int) Math.min(BINS - 1, Math.floor(metres / BIN));
    }

    /**
     * The counts of two cameras together: tracks, detections and heights added class by class
     * (tracks of different cameras are different tracks).
     *
     * @param other another camera's tally over the same classes
     * @return the sum
     */
    Tally plus(Tally other) {
        Map<String, Integer> tracks = new LinkedHashMap<>(tracksPerClass);
        other.tracksPerClass.forEach((c, n) -> tracks.merge(c, n, Integer::sum));
        Map<String, Long> detections = new LinkedHashMap<>(detectionsPerClass);
        other.detectionsPerClass.forEach((c, n) -> detections.merge(c, n, Long::sum));
        List<Integer> bins = new ArrayList<>(heights);
        for (int i = 0; i < bins.size() && i < other.heights.size(); i++) {
            bins.set(i, bins.get(i) + other.heights.get(i));
        }
        return new Tally(tracks, detections, bins);
    }

    /** All confirmed tracks. */
    int tracks() {
        return tracksPerClass.values().stream().mapToInt(Integer::intValue).sum();
    }

    /**
     * A few lines for the console: per class, the tracks and detections; then the height histogram.
     *
     * @return the lines, each ending with a line break
     */
    String describe() {
        StringJoiner classes = new StringJoiner(", ");
        tracksPerClass.forEach((c, n) -> classes.add(String.format(Locale.ROOT, "%s %d (%d detections)", c, n,
                detectionsPerClass.get(c))));
        StringBuilder b = new StringBuilder();
        b.append("tracks per class: ").append(classes).append(System.lineSeparator());
        b.append("heights (m):");
        for (int i = 0; i < BINS; i++) {
            b.append(String.format(Locale.ROOT, " %s%.2f:%d", i == BINS - 1 ? ">=" : "", i * BIN, heights.get(i)));
        }
        return b.append(System.lineSeparator()).toString();
    }

    /**
     * The per-class counts as a JSON object: {@code {"tracks":{"car":12,...},"detections":{...}}}.
     *
     * @return the JSON text
     */
    String toJson() {
        StringJoiner tracks = new StringJoiner(",", "{", "}");
        tracksPerClass.forEach((c, n) -> tracks.add("\"" + c + "\":" + n));
        StringJoiner detections = new StringJoiner(",", "{", "}");
        detectionsPerClass.forEach((c, n) -> detections.add("\"" + c + "\":" + n));
        return "{\"tracks\":" + tracks + ",\"detections\":" + detections + "}";
    }
}
