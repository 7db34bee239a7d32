package dev.stagegraph.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * What a run did: how many frames and what became of each, how long it took, where the time went
 * and what would make it faster. Every frame taken from the source ends as exactly one of
 * completed, failed, dropped or aborted, so {@code completed + failed + dropped + aborted ==
 * framesIn}. Immutable.
 *
 * <p>The wall time counts from the first frame taken from the source, after every stage has
 * opened, to the last frame's delivery; opening is {@code openNanos}, apart.
 *
 * @param pipeline the pipeline's name
 * @param mode the runner's mode: {@code "sequential"} or {@code "parallel"}
 * @param cores the processors the JVM could use during the run
 * @param framesIn frames taken from the source
 * @param completed frames delivered to the sink with a result (or "no result")
 * @param failed frames that failed in a stage
 * @param dropped frames a live source captured but the pipeline had no room for
 * @param aborted frames taken but not finished because the run stopped early
 * @param openNanos time from start until every stage and the source had opened
 * @param wallNanos time from the first frame to the end of the last
 * @param stages per stage, in topological order
 * @param source the source's {@code next} calls, timed like a stage (reading, decoding, or
 *     waiting for a camera)
 * @param sink the sink's calls, timed like a stage
 * @param endToEnd from the moment a frame was taken from the source to its delivery
 * @param failures the first failures, in frame order (at most a few; the sink sees them all)
 * @param notes facts about the run worth printing: threads, wait strategy, library settings
 * @param warnings incidents the runtime saw: time limits exceeded, stalls, threads that ignored
 *     interrupts; each names the stage, replica and frame concerned
 * @param sources per source, in the order the sources were given: its counts, FPS and end-to-end
 *     latency (one entry for a run over one source); each count sums to the run's
 */
public record RunReport(String pipeline, String mode, int cores, long framesIn, long completed, long failed, long dropped,
        long aborted, long openNanos, long wallNanos, List<StageReport> stages, StageReport source, StageReport sink,
        Latency endToEnd,
        List<FrameFailure> failures, Map<String, String> notes, List<String> warnings, List<SourceReport> sources) {

    /** Copies the collections. */
    public RunReport {
        stages = List.copyOf(stages);
        failures = List.copyOf(failures);
        notes = Map.copyOf(notes);
        warnings = List.copyOf(warnings);
        sources = List.copyOf(sources);
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
     * The source, every stage, and the sink: all the work a frame takes.
     *
     * @return the source's report, the stages' in topological order, the sink's
     */
    public List<StageReport> allWork() {
        List<StageReport> all = new java.util.ArrayList<>(stages.size() + 2);
        all.add(source);
        all.addAll(stages);
        all.add(sink);
        return all;
    }

    /**
     * The stage (or the source, or the sink) with the highest cost per frame for its replicas:
     * the one to replicate or speed up first.
     *
     * @return the bottleneck's report
     */
    public StageReport bottleneck() {
        StageReport best = stages.get(0);
        for (StageReport s : allWork()) {
            if (s.busyNanos() * best.replicas() > best.busyNanos() * s.replicas()) {
                best = s;
            }
        }
        return best;
    }

    /**
     * The best frame rate this graph could reach on this machine, from the stage costs measured in
     * this run. For a sequential run it answers what the parallel runner could reach.
     *
     * @return the ideal bound
     */
    public IdealBound ideal() {
        return IdealBound.of(allWork(), completed + failed, cores);
    }

    /**
     * One sentence on what limits the frame rate and what would raise it, such as
     * "stage 'classifier' x1 is the bottleneck (busy 97%, 15.1 ms a frame); x2 would allow up to
     * 99.0 FPS".
     *
     * @return the advice, or an empty string when the run was not timed
     */
    public String advice() {
        IdealBound now = ideal();
        if (stages.isEmpty() || now.fps() == 0) {
            return "";
        }
        if (now.coreBound()) {
            double cpuMs = cores * 1e3 / now.coreBoundFps();
            return String.format(Locale.ROOT, "the %d cores are the limit: the stages compute %.2f ms a frame, so at most %.1f FPS;"
                    + " replicas will not help, cheaper stages or more cores will", cores, cpuMs, now.coreBoundFps());
        }
        StageReport b = bottleneck();
        long frames = completed + failed;
        if (b.ordered()) {
            if (b == source) {
                return String.format(Locale.ROOT, "the source limits the rate (busy %d%%, %.2f ms a frame): a camera delivers at its"
                        + " own pace; a file or a generator would have to read faster", Math.round(100 * b.utilisation(wallNanos)),
                        b.busyNanos() / 1e6 / Math.max(1, frames));
            }
            String who = b == sink ? "the sink" : "stage '" + b.name() + "'";
            return String.format(Locale.ROOT, "%s is the bottleneck (busy %d%%, %.2f ms a frame) and needs every frame in"
                    + " order, so replicas cannot help: make it cheaper", who, Math.round(100 * b.utilisation(wallNanos)),
                    b.busyNanos() / 1e6 / Math.max(1, frames));
        }
        IdealBound more = IdealBound.of(allWork(), frames, cores, b.name(), b.replicas() + 1);
        String what = more.fps() > now.fps() * 1.01
                ? String.format(Locale.ROOT, "x%d would allow up to %.1f FPS (%s)", b.replicas() + 1, more.fps(),
                        more.coreBound() ? "then the cores limit" : "then stage '" + more.bottleneck() + "' limits")
                : "more replicas would not help: " + (more.coreBound() ? "the cores" : "stage '" + more.bottleneck() + "'")
                        + " limits next";
        return String.format(Locale.ROOT, "stage '%s' x%d is the bottleneck (busy %d%%, %.2f ms a frame); %s", b.name(),
                b.replicas(), Math.round(100 * b.utilisation(wallNanos)), b.busyNanos() / 1e6 / Math.max(1, frames) * b.replicas(),
                what);
    }

    /**
     * The report as a table for the console.
     *
     * @return several lines, ending with a line break
     */
    public String toTable() {
        StringBuilder b = new StringBuilder();
        String nl = System.lineSeparator();
        b.append(String.format(Locale.ROOT, "pipeline '%s' (%s): %d frames in, %d completed, %d failed, %d dropped, %d aborted%n",
                pipeline, mode, framesIn, completed, failed, dropped, aborted));
        b.append(String.format(Locale.ROOT, "open %.3f s, wall %.3f s, %.1f FPS", openNanos / 1e9, wallSeconds(), fps()));
        if (endToEnd.count() > 0) {
            b.append(String.format(Locale.ROOT, ", end-to-end p50 %.2f ms p95 %.2f ms p99 %.2f ms max %.2f ms", endToEnd.p50Nanos() / 1e6,
                    endToEnd.p95Nanos() / 1e6, endToEnd.p99Nanos() / 1e6, endToEnd.maxNanos() / 1e6));
        }
        b.append(nl);
        int width = "stage".length();
        for (StageReport s : stages) {
            width = Math.max(width, s.name().length() + (s.replicas() > 1 ? 3 : 0));
        }
        width = Math.max(width, "(source)".length());
        String row = "  %-" + width + "s %7s %8s %6s %5s %8s %8s %8s %8s %8s %7s%n";
        b.append(String.format(Locale.ROOT, row, "stage", "calls", "busy s", "util", "cpu", "mean ms", "p50 ms", "p99 ms", "max ms",
                "wait ms", "open s"));
        for (StageReport s : allWork()) {
            if ((s == source || s == sink) && s.busyNanos() == 0) {
                continue;
            }
            String label = s == source || s == sink ? "(" + s.name() + ")" : s.name() + (s.replicas() > 1 ? " x" + s.replicas() : "");
            b.append(String.format(Locale.ROOT, row, label, s.calls(),
                    fixed(s.busyNanos() / 1e9, 3), Math.round(100 * s.utilisation(wallNanos)) + "%",
                    Math.round(100 * s.cpuShare()) + "%", fixed(s.meanNanos() / 1e6, 2), fixed(s.latency().p50Nanos() / 1e6, 2),
                    fixed(s.latency().p99Nanos() / 1e6, 2), fixed(s.latency().maxNanos() / 1e6, 2),
                    fixed(s.queueWait().p50Nanos() / 1e6, 2), fixed(s.openNanos() / 1e9, 3)));
        }
        for (StageReport s : stages) {
            BatchReport batch = s.batch();
            if (batch != null) {
                b.append(String.format(Locale.ROOT, "  batches of '%s': %d calls, mean %.2f frames (max %d of %d), sizes %s,"
                        + " wait p50 %.2f ms p99 %.2f ms (maxDelay %.2f ms)%n", s.name(), batch.batches(), batch.meanSize(),
                        batch.largest(), batch.maxBatch(), batch.sizeHistogram(), batch.batchWait().p50Nanos() / 1e6,
                        batch.batchWait().p99Nanos() / 1e6, batch.maxDelayNanos() / 1e6));
            }
        }
        String advice = advice();
        if (!advice.isEmpty()) {
            b.append("  ideal on ").append(cores).append(" cores: ").append(ideal()).append(String.format(Locale.ROOT,
                    "; achieved %.0f%%", 100 * fps() / ideal().fps())).append(nl);
            b.append("  advice: ").append(advice).append(nl);
        }
        for (FrameFailure f : failures) {
            b.append("  failed: ").append(f.describe()).append(nl);
        }
        if (failed > failures.size()) {
            b.append("  ... and ").append(failed - failures.size()).append(" more failed frames (the sink saw each)").append(nl);
        }
        for (String w : warnings) {
            b.append("  warning: ").append(w).append(nl);
        }
        notes.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> b.append("  ").append(e.getKey()).append(": ").append(e.getValue()).append(nl));
        return b.toString();
    }

    /**
     * The report as one JSON object: counts, seconds, FPS, per-stage figures in seconds and
     * latencies in milliseconds, the ideal bound and the advice.
     *
     * @return the JSON text
     */
    public String toJson() {
        StringJoiner sourceJson = new StringJoiner(",", "[", "]");
        for (SourceReport s : sources) {
            sourceJson.add(s.toJson());
        }
        StringJoiner stageJson = new StringJoiner(",", "[", "]");
        for (StageReport s : stages) {
            stageJson.add(stageJson(s));
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
        IdealBound ideal = ideal();
        return "{\"pipeline\":" + Json.string(pipeline) + ",\"mode\":" + Json.string(mode) + ",\"cores\":" + cores + ",\"fps\":"
                + Json.number(fps()) + ",\"framesIn\":" + framesIn + ",\"framesCompleted\":" + completed + ",\"framesFailed\":" + failed
                + ",\"framesDropped\":" + dropped + ",\"framesAborted\":" + aborted + ",\"openSeconds\":" + Json.seconds(openNanos)
                + ",\"wallSeconds\":" + Json.seconds(wallNanos) + ",\"endToEndMillis\":" + endToEnd.toJson() + ",\"idealFps\":"
                + Json.number(ideal.fps()) + ",\"bottleneck\":" + Json.string(stages.isEmpty() ? null : bottleneck().name())
                + ",\"advice\":" + Json.string(advice()) + ",\"stages\":" + stageJson + ",\"source\":" + stageJson(source)
                + ",\"sink\":" + stageJson(sink) + ",\"failures\":" + failureJson
                + ",\"notes\":" + noteJson + ",\"warnings\":" + warningJson + ",\"sources\":" + sourceJson + "}";
    }

    private String stageJson(StageReport s) {
        StringJoiner replicaJson = new StringJoiner(",", "[", "]");
        for (ReplicaReport r : s.replicaReports()) {
            replicaJson.add("{\"replica\":" + r.replica() + ",\"calls\":" + r.calls() + ",\"busySeconds\":"
                    + Json.seconds(r.busyNanos()) + ",\"openSeconds\":" + Json.seconds(r.openNanos()) + ",\"restarts\":"
                    + r.restarts() + "}");
        }
        return "{\"name\":" + Json.string(s.name()) + ",\"replicas\":" + s.replicas() + ",\"calls\":" + s.calls()
                + ",\"busySeconds\":" + Json.seconds(s.busyNanos()) + ",\"cpuSeconds\":" + Json.seconds(s.cpuNanos())
                + ",\"utilisation\":" + Json.number(s.utilisation(wallNanos)) + ",\"meanMillis\":" + Json.millis(Math.round(s.meanNanos()))
                + ",\"openSeconds\":" + Json.seconds(s.openNanos()) + ",\"latencyMillis\":" + s.latency().toJson()
                + ",\"queueWaitMillis\":" + s.queueWait().toJson() + ",\"outputType\":" + Json.string(s.outputType())
                + ",\"replicaReports\":" + replicaJson + ",\"skipped\":" + s.skipped() + batchJson(s.batch()) + "}";
    }

    private static String batchJson(BatchReport b) {
        if (b == null) {
            return "";
        }
        StringJoiner sizes = new StringJoiner(",", "[", "]");
        b.sizeHistogram().forEach(c -> sizes.add(Long.toString(c)));
        return ",\"batch\":{\"maxBatch\":" + b.maxBatch() + ",\"maxDelayMillis\":" + Json.millis(b.maxDelayNanos()) + ",\"batches\":"
                + b.batches() + ",\"meanSize\":" + Json.number(b.meanSize()) + ",\"largest\":" + b.largest() + ",\"sizeHistogram\":"
                + sizes + ",\"waitMillis\":" + b.batchWait().toJson() + "}";
    }

    private static String fixed(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
