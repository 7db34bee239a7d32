package dev.stagegraph.samples.camera;

import dev.stagegraph.flink.FlinkRunner;
import dev.stagegraph.flink.NamedSource;
import dev.stagegraph.flink.PipelineOnFlinkException;
import dev.stagegraph.video.VideoSourceException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * {@code camera --runner flink}: the camera pipeline, unchanged, on a local Flink mini cluster.
 * Each {@code --source} is one split of the Flink runner's source; the cluster's readers (two by
 * default) share the splits, each runs the whole graph for its cameras with the parallel runner,
 * and the results cross Flink's network as data ({@link AnnotatedTypeInfo}) to a sink that keeps
 * each camera's totals ({@link CameraTotalsSink}). Prints one summary line per camera, the same
 * line the local runners print for that camera. Loaded only after {@link FlinkCommand#check()}.
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
     * The sources' names: each source string, with {@code #2}, {@code #3}, ... on repeats, since a
     * name keys a camera's split, state and metrics.
     */
    static List<String> names(List<String> specs) {
        Map<String, Integer> seen = new HashMap<>();
        List<String> names = new ArrayList<>(specs.size());
        for (String s : specs) {
            int n = seen.merge(s, 1, Integer::sum);
            names.add(n == 1 ? s : s + "#" + n);
        }
        return names;
    }

    /**
     * Runs the camera job over {@code specs} on a local mini cluster and waits for it.
     *
     * @param job the pipeline's settings
     * @param specs the {@code --source} values, one Flink split each
     * @param parallelism the readers
     * @return each camera's totals
     * @throws Exception if the job fails (the cause chain holds the stage's or the source's error)
     */
    static Run run(CameraJob job, List<String> specs, int parallelism) throws Exception {
        List<String> names = names(specs);
        List<NamedSource<Frame>> sources = new ArrayList<>(specs.size());
        for (int i = 0; i < specs.size(); i++) {
            String spec = specs.get(i);
            sources.add(NamedSource.of(names.get(i), () -> job.source(spec)));
        }
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
        FlinkRunner runner = FlinkRunner.builder().parallelism(parallelism).localRunner(job::localRunner).params(job::params).build();
        long start = System.nanoTime();
        try (CameraTotalsSink sink = new CameraTotalsSink()) {
            runner.run(env, job::pipeline, sources, new AnnotatedTypeInfo(), sink);
            Map<String, CameraTotalsSink.Totals> kept = sink.totals();
            Map<String, CameraTotalsSink.Totals> ordered = new LinkedHashMap<>();
            for (String n : names) {
                ordered.put(n, kept.getOrDefault(n, new CameraTotalsSink.Totals()));
            }
            return new Run(ordered, (System.nanoTime() - start) / 1e9);
        }
    }

    /**
     * The command line's Flink run: prints the run's line and one summary line per camera.
     *
     * @param o the options
     * @param specs the sources
     * @param out where the summary goes
     * @param err where errors go
     * @return 0 done, 1 the job failed
     * @throws InterruptedException if the calling thread was interrupted
     */
    static int run(CameraOptions o, List<String> specs, PrintStream out, PrintStream err) throws InterruptedException {
        Run run;
        try {
            run = run(CameraJob.of(o), specs, PARALLELISM);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            err.println("camera: the Flink job failed: " + reason(e));
            return 1;
        }
        out.printf(Locale.ROOT, "camera flink: %d source(s) on a local Flink mini cluster, parallelism %d, %d frames in %.1f s"
                + " (%.1f FPS, the cluster's start included), OpenCV threads %d%n", specs.size(), PARALLELISM, run.frames(),
                run.seconds(), run.frames() / run.seconds(), o.cvThreads());
        run.cameras().forEach((name, t) -> out.print(summary(name, t.frames(), t.failed(), t.last())));
        return 0;
    }

    /**
     * One camera's summary: its frames and failures, then what was seen (the tally's lines).
     *
     * @param name the camera's name
     * @param frames frames delivered
     * @param failed frames failed
     * @param tally the last frame's totals, or {@code null} when none came through
     * @return the lines, each ending with a line break
     */
    static String summary(String name, long frames, long failed, Tally tally) {
        String head = String.format(Locale.ROOT, "camera %s: %d frames%s%n", name, frames, failed > 0 ? ", " + failed + " failed" : "");
        return head + (tally == null ? "  nothing seen" + System.lineSeparator() : "  " + tally.describe().replace(
                System.lineSeparator() + "heights", System.lineSeparator() + "  heights"));
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
