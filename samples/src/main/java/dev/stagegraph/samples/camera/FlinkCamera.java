package dev.stagegraph.samples.camera;

import dev.stagegraph.flink.FlinkRunner;
import dev.stagegraph.flink.NamedSource;
import dev.stagegraph.flink.PipelineOnFlinkException;
import dev.stagegraph.video.VideoSourceException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * {@code camera --runner flink}: the camera pipeline, unchanged, on a local Flink mini cluster.
 * Each {@code --source} is one split of the Flink runner's source; the cluster's readers (two by
 * default) share the splits, each runs the whole graph for its cameras with the parallel runner,
 * and the results cross Flink's network as data ({@link AnnotatedTypeInfo}) to a sink that keeps
 * each camera's totals ({@link CameraTotalsSink}). Prints one line per camera with the frames and
 * tracks per class the local runners print for that camera. Loaded only after {@link FlinkCommand#check()}.
 */
final class FlinkCamera {
    /** The mini cluster's readers unless the caller says otherwise. */
    static final int PARALLELISM = 2;

    private FlinkCamera() {}

    /** A finished run: each camera's totals, by name in source order, and the wall time with the cluster's start. */
    record Run(Map<String, CameraTotalsSink.Totals> cameras, double seconds) {
        long frames() {
            return cameras.values().stream().mapToLong(CameraTotalsSink.Totals::frames).sum();
        }
    }

    /**
     * Runs the camera job over {@code specs} on a local mini cluster and waits for it.
     *
     * @param job the pipeline's settings
     * @param cameras the cameras, one Flink split each, under their names
     * @param parallelism the readers
     * @return each camera's totals
     * @throws Exception if the job fails (the cause chain holds the stage's or the source's error)
     */
    static Run run(CameraJob job, List<Camera> cameras, int parallelism) throws Exception {
        List<NamedSource<Frame>> sources = new ArrayList<>(cameras.size());
        for (Camera c : cameras) {
            String spec = c.spec();
            sources.add(NamedSource.of(c.name(), () -> job.source(spec)));
        }
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
        FlinkRunner runner = FlinkRunner.builder().parallelism(parallelism).meteredLocalRunner(job::localRunner).params(job::params).build();
        long start = System.nanoTime();
        try (CameraTotalsSink sink = new CameraTotalsSink()) {
            runner.run(env, job::pipeline, sources, new AnnotatedTypeInfo(), sink);
            Map<String, CameraTotalsSink.Totals> kept = sink.totals();
            Map<String, CameraTotalsSink.Totals> ordered = new LinkedHashMap<>();
            for (Camera c : cameras) {
                ordered.put(c.name(), kept.getOrDefault(c.name(), new CameraTotalsSink.Totals()));
            }
            return new Run(ordered, (System.nanoTime() - start) / 1e9);
        }
    }

    /**
     * The command line's Flink run: prints the run's line, a line per camera (frames, FPS, tracks
     * per class, as the local runs print theirs) and what was seen over all cameras.
     *
     * @param o the options, with the cameras
     * @param out where the summary goes
     * @param err where errors go
     * @return 0 done, 1 the job failed
     * @throws InterruptedException if the calling thread was interrupted
     */
    static int run(CameraOptions o, PrintStream out, PrintStream err) throws InterruptedException {
        Run run;
        try {
            run = run(CameraJob.of(o), o.cameras(), PARALLELISM);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            err.println("camera: the Flink job failed: " + reason(e));
            return 1;
        }
        out.printf(Locale.ROOT, "camera flink: %s, %d frames in %.1f s (%.1f FPS, the mini cluster's start included), parallelism %d,"
                + " OpenCV threads %d%n", o.source(), run.frames(), run.seconds(), run.frames() / run.seconds(), PARALLELISM,
                o.cvThreads());
        Tally total = null;
        for (Map.Entry<String, CameraTotalsSink.Totals> e : run.cameras().entrySet()) {
            CameraTotalsSink.Totals t = e.getValue();
            out.print(row(e.getKey(), t));
            if (t.last() != null) {
                total = total == null ? t.last() : total.plus(t.last());
            }
        }
        if (run.cameras().size() > 1) {
            StringJoiner tracks = new StringJoiner(", ");
            if (total != null) {
                total.tracksPerClass().forEach((c, n) -> tracks.add(c + " " + n));
            }
            out.printf(Locale.ROOT, "  all %d cameras: %d frames, tracks: %s%n", run.cameras().size(), run.frames(),
                    total == null ? "none" : tracks.toString());
        }
        if (total != null) {
            out.print("seen: " + total.describe());
        }
        return 0;
    }

    /**
     * One camera's line: {@code "  camera NAME: N frames, F FPS, tracks: person 3, car 1"} (and the
     * failed frames, if any), with the local runs' words for frames and tracks.
     *
     * @param name the camera's name
     * @param t its totals
     * @return the line, ending with a line break
     */
    static String row(String name, CameraTotalsSink.Totals t) {
        StringJoiner tracks = new StringJoiner(", ");
        if (t.last() != null) {
            t.last().tracksPerClass().forEach((c, n) -> tracks.add(c + " " + n));
        }
        return String.format(Locale.ROOT, "  camera %s: %d frames, %.1f FPS%s, tracks: %s%n", name, t.frames(), t.fps(),
                t.failed() > 0 ? ", " + t.failed() + " failed" : "", t.last() == null ? "none" : tracks.toString());
    }

    /** The message a user needs: a source's own, else the pipeline's on Flink, else the job's. */
    private static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof VideoSourceException || t instanceof IllegalArgumentException) {
                return t.getMessage();
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PipelineOnFlinkException) {
                Throwable cause = t.getCause() == null ? t : t.getCause();
                return t.getMessage() + ": " + String.valueOf(cause.getMessage()).replace(System.lineSeparator(), " ");
            }
        }
        return String.valueOf(e.getMessage()).replace(System.lineSeparator(), " ");
    }
}
