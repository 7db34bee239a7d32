package dev.stagegraph;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * What a run did: how many frames and what became of each, how long it took and where the time
 * went. Every frame taken from the source ends as exactly one of completed, failed, dropped or
 * aborted, so {@code completed + failed + dropped + aborted == framesIn}. Immutable.
 *
 * <p>The wall time counts from the first frame taken from the source, after every stage has
 * opened, to the last frame's delivery; opening is {@code openNanos}, apart.
 *
 * @param pipeline the pipeline's name
 * @param mode the runner's mode: {@code "sequential"} or {@code "parallel"}
 * @param framesIn frames taken from the source
 * @param completed frames delivered to the sink with a result (or "no result")
 * @param failed frames that failed in a stage and were delivered to the sink as failures
 * @param dropped frames a live source captured but the pipeline had no room for
 * @param aborted frames taken but not finished because the run stopped early
 * @param openNanos time from start until every stage and the source had opened
 * @param wallNanos time from the first frame to the end of the last
 * @param stages per stage, in topological order
 * @param endToEnd from the moment a frame was taken from the source to its delivery
 * @param failures the first failures, in frame order (at most a few; the sink sees them all)
 * @param notes facts about the run worth printing: threads, wait strategy, library settings
 * @param warnings incidents the runtime saw: time limits exceeded, stalls, threads that ignored
 *     interrupts; each names the stage, replica and frame concerned
 */
public record RunReport(String pipeline, String mode, long framesIn, long completed, long failed, long dropped,
        long aborted, long openNanos, long wallNanos, List<StageReport> stages, Latency endToEnd,
        List<FrameFailure> failures, Map<String, String> notes, List<String> warnings) {

    /** Copies the collections. */
    public RunReport {
        stages = List.copyOf(stages);
        failures = List.copyOf(failures);
        notes = Map.copyOf(notes);
        warnings = List.copyOf(warnings);
    }

    /**
     * Completed frames per second of wall time.
     *
     * @return frames per second, 0 for an empty run
     */
    public double fps() {
        return wallNanos <= 0 ? 0 : completed * 1e9 / wallNanos;
    }

    /**
     * The wall time in seconds.
     *
     * @return seconds
     */
    public double wallSeconds() {
        return wallNanos / 1e9;
    }

    /**
     * The stage with the highest utilisation: the one to replicate or speed up first.
     *
     * @return the busiest stage's report
     */
    public StageReport bottleneck() {
        StageReport best = stages.get(0);
        for (StageReport s : stages) {
            if (s.utilisation(wallNanos) > best.utilisation(wallNanos)) {
                best = s;
            }
        }
        return best;
    }

    /**
     * The report as a table for the console.
     *
     * @return several lines, ending with a line break
     */
    public String toTable() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "pipeline '%s' (%s): %d frames in, %d completed, %d failed, %d dropped, %d aborted%n",
                pipeline, mode, framesIn, completed, failed, dropped, aborted));
        b.append(String.format(Locale.ROOT, "open %.3f s, wall %.3f s, %.1f FPS", openNanos / 1e9, wallSeconds(), fps()));
        if (endToEnd.count() > 0) {
            b.append(String.format(Locale.ROOT, ", end-to-end p50 %.2f ms p99 %.2f ms max %.2f ms", endToEnd.p50Nanos() / 1e6,
                    endToEnd.p99Nanos() / 1e6, endToEnd.maxNanos() / 1e6));
        }
        b.append(System.lineSeparator());
        int width = "stage".length();
        for (StageReport s : stages) {
            width = Math.max(width, s.name().length());
        }
        String row = "  %-" + width + "s %8s %9s %9s %6s %9s %9s %9s %9s%n";
        b.append(String.format(Locale.ROOT, row, "stage", "replicas", "calls", "busy s", "util", "mean ms", "p50 ms", "p99 ms", "open s"));
        for (StageReport s : stages) {
            b.append(String.format(Locale.ROOT, row, s.name(), s.replicas(), s.calls(), fixed(s.busyNanos() / 1e9, 3),
                    Math.round(100 * s.utilisation(wallNanos)) + "%", fixed(s.meanNanos() / 1e6, 2),
                    fixed(s.latency().p50Nanos() / 1e6, 2), fixed(s.latency().p99Nanos() / 1e6, 2), fixed(s.openNanos() / 1e9, 3)));
        }
        if (!stages.isEmpty() && wallNanos > 0 && bottleneck().busyNanos() > 0) {
            StageReport top = bottleneck();
            b.append(String.format(Locale.ROOT, "  bottleneck: %s (busy %d%% of wall time)%n", top.name(),
                    Math.round(100 * top.utilisation(wallNanos))));
        }
        for (FrameFailure f : failures) {
            b.append("  failed: ").append(f.describe()).append(System.lineSeparator());
        }
        for (String w : warnings) {
            b.append("  warning: ").append(w).append(System.lineSeparator());
        }
        notes.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> b.append("  ").append(e.getKey()).append(": ").append(e.getValue()).append(System.lineSeparator()));
        return b.toString();
    }

    /**
     * The report as one JSON object: counts, seconds, FPS, per-stage figures in seconds and
     * latencies in milliseconds.
     *
     * @return the JSON text
     */
    public String toJson() {
        StringJoiner stageJson = new StringJoiner(",", "[", "]");
        for (StageReport s : stages) {
            StringJoiner replicaJson = new StringJoiner(",", "[", "]");
            for (ReplicaReport r : s.replicaReports()) {
                replicaJson.add("{\"replica\":" + r.replica() + ",\"calls\":" + r.calls() + ",\"busySeconds\":"
                        + Json.seconds(r.busyNanos()) + ",\"openSeconds\":" + Json.seconds(r.openNanos()) + ",\"restarts\":"
                        + r.restarts() + "}");
            }
            stageJson.add("{\"name\":" + Json.string(s.name()) + ",\"replicas\":" + s.replicas() + ",\"calls\":" + s.calls()
                    + ",\"busySeconds\":" + Json.seconds(s.busyNanos()) + ",\"utilisation\":" + Json.number(s.utilisation(wallNanos))
                    + ",\"openSeconds\":" + Json.seconds(s.openNanos()) + ",\"latencyMillis\":" + s.latency().toJson()
                    + ",\"replicaReports\":" + replicaJson + "}");
        }
        StringJoiner failureJson = new StringJoiner(",", "[", "]");
        for (FrameFailure f : failures) {
            failureJson.add("{\"stage\":" + Json.string(f.stage()) + ",\"replica\":" + f.replica() + ",\"frame\":" + f.frame()
                    + ",\"cause\":" + Json.string(String.valueOf(f.cause())) + "}");
        }
        StringJoiner warningJson = new StringJoiner(",", "[", "]");
        warnings.forEach(w -> warningJson.add(Json.string(w)));
        StringJoiner noteJson = new StringJoiner(",", "{", "}");
        notes.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> noteJson.add(Json.string(e.getKey()) + ":" + Json.string(e.getValue())));
        return "{\"pipeline\":" + Json.string(pipeline) + ",\"mode\":" + Json.string(mode) + ",\"fps\":" + Json.number(fps())
                + ",\"framesIn\":" + framesIn + ",\"framesCompleted\":" + completed + ",\"framesFailed\":" + failed
                + ",\"framesDropped\":" + dropped + ",\"framesAborted\":" + aborted + ",\"openSeconds\":" + Json.seconds(openNanos)
                + ",\"wallSeconds\":" + Json.seconds(wallNanos) + ",\"endToEndMillis\":" + endToEnd.toJson() + ",\"stages\":"
                + stageJson + ",\"failures\":" + failureJson + ",\"notes\":" + noteJson + ",\"warnings\":" + warningJson + "}";
    }

    private static String fixed(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
