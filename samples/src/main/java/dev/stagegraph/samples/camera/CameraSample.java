package dev.stagegraph.samples.camera;

import dev.stagegraph.Param;
import dev.stagegraph.Pipeline;
import dev.stagegraph.PipelineFailedException;
import dev.stagegraph.Runner;
import dev.stagegraph.report.PipelineGraph;
import dev.stagegraph.report.RunReport;
import dev.stagegraph.runtime.ParallelRunner;
import dev.stagegraph.runtime.SequentialRunner;
import dev.stagegraph.samples.Comparison;
import dev.stagegraph.samples.Flags;
import dev.stagegraph.samples.SampleRun;
import dev.stagegraph.serve.JpegStream;
import dev.stagegraph.serve.LiveView;
import dev.stagegraph.serve.LiveViews;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code camera}: a real vision pipeline (background-subtraction detector, size estimator, random
 * forest classifier, tracking aggregator) over a synthetic feed, a camera, an MJPEG video or a
 * folder of images, run by the sequential and the parallel runner, with an annotated video, both
 * reports, the speed-up against the ideal bound, and a summary of what was seen.
 */
public final class CameraSample {
    private static final Set<String> FLAGS = Set.of("source", "mode", "frames", "out", "report-json", "cv-threads",
            "size-replicas", "classifier-replicas", "render-replicas", "detect-scale", "ground", "seed", "size", "warmup", "face-model", "in-flight",
            "trace", "graph", "serve", "serve-address", "quiet?", "help?");
    private static final String USAGE = String.join(System.lineSeparator(),
            "camera [flags]",
            "  --source SPEC            synthetic (default) | camera:N | file:VIDEO.avi (MJPEG) | dir:FOLDER",
            "  --mode MODE              compare (default) | sequential | parallel",
            "  --frames N               at most N frames (default: synthetic 150, camera 300, file/dir all)",
            "  --out FILE.avi           write an annotated MJPEG video (in compare mode each run writes it, the parallel last)",
            "  --report-json FILE       write both reports and the speed-up as JSON",
            "  --cv-threads N           OpenCV's own thread pool (Core.setNumThreads), default 1",
            "  --classifier-replicas N  classifier instances, default 2",
            "  --size-replicas N        size estimator instances, default 1",
            "  --render-replicas N      renderer (draws and JPEG-encodes the video's frames) instances, default 2",
            "  --detect-scale F         resize frames by F before background subtraction, default 0.5",
            "  --ground ROW:METRES      horizon row and camera height, for sizes in metres (default: the synthetic",
            "                           feed's own; for footage -170:8.9, fitted to the pedestrian clip)",
            "  --face-model DIR         also look for faces on people with OpenCV's DNN face detector",
            "                           (DIR holds opencv_face_detector_uint8.pb and .pbtxt, e.g. ../shared/data/models)",
            "  --seed N                 synthetic feed and training seed, default 7",
            "  --in-flight N            at most N frames between source and sink in the parallel run, default 8",
            "  --warmup N               first run N frames sequentially, unmeasured, so JIT and OpenCV set-up",
            "                           do not count against the first measured run (default 30, 0 for none)",
            "  --size WxH               synthetic frame size, default 640x360",
            "  --trace FILE.json        write the parallel run's last 1000 frames as a Chrome trace (open in Perfetto)",
            "  --graph FILE.dot         write the pipeline's graph, annotated with the last run (render: dot -Tpng)",
            "  --serve PORT             serve a live view while it runs: the video, graph and stats at http://127.0.0.1:PORT/,",
            "                           Prometheus metrics at /metrics, MJPEG at /stream.mjpg (0 for any free port)",
            "  --serve-address ADDR     bind the live view to ADDR instead of 127.0.0.1 (e.g. 0.0.0.0; no authentication)",
            "  --quiet                  no progress line (it is off anyway when output is not a terminal)");

    /**
     * The calibration used for real footage unless {@code --ground} is given: fitted to the
     * pedestrian clip (640x360) by regressing blob height on foot row for upright blobs after the
     * background model settled, and taking people as 1.7 m tall.
     */
    static final GroundPlane FOOTAGE_GROUND = new GroundPlane(-170, 8.9);

    /**
     * The most frames in flight at once by default. A camera's frames beyond it are dropped and
     * counted rather than queued (8 frames is a quarter second at 30 FPS, so what is shown stays
     * recent), and a few frames keep their images in the CPU caches between stages.
     */
    static final int IN_FLIGHT = 8;

    private CameraSample() {}

    /**
     * Runs the sample, printing to the standard streams.
     *
     * @param args the flags
     * @return the exit status: 0 done, 1 the input or a run failed, 2 bad flags
     * @throws InterruptedException if the calling thread was interrupted
     */
    public static int run(String[] args) throws InterruptedException {
        return run(args, System.out, System.err);
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws InterruptedException {
        Options o;
        Flags flags;
        LiveViews live;
        try {
            flags = Flags.parse(args, FLAGS);
            if (flags.has("help")) {
                out.println(USAGE);
                return 0;
            }
            o = Options.of(flags);
            Sources.create(o.source(), o.frames(), o.seed(), o.width(), o.height());
            live = liveViews(flags, out);
        } catch (IllegalArgumentException e) {
            err.println("camera: " + e.getMessage());
            return 2;
        }
        OpenCv.threads(o.cvThreads());
        List<RunReport> reports = new ArrayList<>();
        FrameResult last = null;
        try {
            if (o.warmup() > 0) {
                Options w = o.warmUp();
                RunReport r = Run.of(SequentialRunner.create(false), w, true, null, null).report();
                out.printf(Locale.ROOT, "warm-up: %d frames through the sequential runner, not measured%n", r.completed());
            }
            MeterRegistry registry = live == null ? null : live.registry();
            for (Runner runner : runners(o.mode(), o.inFlight(), flags.has("trace") ? Path.of(flags.get("trace", "")) : null, registry)) {
                Run run = Run.of(live == null ? runner : live.wrap(runner), o, flags.has("quiet"), out,
                        live == null ? null : live.stream());
                out.println(run.line(o));
                reports.add(run.report());
                last = run.last();
            }
        } catch (PipelineFailedException e) {
            err.println("camera: " + oneLine(e));
            return 1;
        } catch (IOException | UncheckedIOException e) {
            err.println("camera: " + e.getMessage());
            return 1;
        }
        if (live != null) {
            live.awaitStopped(Duration.ofSeconds(10));
        }
        Comparison comparison = Comparison.of(reports);
        if (!comparison.summary().isEmpty()) {
            out.println(comparison.summary() + " with OpenCV threads " + o.cvThreads());
        }
        if (last != null) {
            out.print("seen: " + last.tally().describe());
        }
        if (o.out() != null) {
            out.println("video: " + o.out().toAbsolutePath());
        }
        try {
            if (o.reportJson() != null) {
                comparison.write(o.reportJson());
            }
            if (flags.has("graph") && !reports.isEmpty()) {
                Path graph = Path.of(flags.get("graph", ""));
                Files.writeString(graph, PipelineGraph.toDot(VisionPipeline.build(o.settings()), reports.get(reports.size() - 1)));
                out.println("graph: " + graph.toAbsolutePath() + " (render: dot -Tpng " + graph + " -o graph.png)");
            }
        } catch (IOException e) {
            err.println("camera: cannot write an output: " + e.getMessage());
            return 1;
        }
        return 0;
    }

    /** The message a user needs, without the stack trace: a source's own, else the run's. */
    private static String oneLine(PipelineFailedException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SourceException) {
                return t.getMessage();
            }
        }
        return e.getMessage().replace(System.lineSeparator(), " ");
    }

    /**
     * The runners for a mode; the parallel one with at most {@code inFlight} frames in flight, and
     * tracing the last 1000 frames to {@code trace} when it is not {@code null}.
     */
    private static List<Runner> runners(String mode, int inFlight, Path trace, MeterRegistry registry) {
        ParallelRunner.Builder builder = ParallelRunner.builder().ringSize(Integer.highestOneBit(inFlight) * 2).maxInFlight(inFlight);
        if (trace != null) {
            builder.trace(trace, 1000);
        }
        SequentialRunner.Builder sequential = SequentialRunner.builder();
        if (registry != null) {
            builder.meterRegistry(registry);
            sequential.meterRegistry(registry);
        }
        Runner parallel = builder.build();
        return switch (mode) {
            case "sequential" -> List.of(sequential.build());
            case "parallel" -> List.of(parallel);
            default -> List.of(sequential.build(), parallel);
        };
    }

    /** The live views {@code --serve} asks for, printing each one's address; {@code null} without the flag. */
    private static LiveViews liveViews(Flags flags, PrintStream out) {
        if (!flags.has("serve")) {
            if (flags.has("serve-address")) {
                throw new IllegalArgumentException("--serve-address needs --serve PORT");
            }
            return null;
        }
        LiveView.Options options = LiveView.options().port(flags.getInt("serve", 0)).address(flags.get("serve-address", "127.0.0.1"));
        return LiveViews.of(options, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), v -> out.println("live view: " + v.url()
                + " (Prometheus: " + v.url().resolve("/metrics") + ", video: " + v.url().resolve("/stream.mjpg") + ")"));
    }

    /** The parsed flags. */
    record Options(String source, String mode, long frames, Path out, Path reportJson, int cvThreads, int width, int height,
            long seed, int warmup, int inFlight, VisionPipeline.Settings settings, GroundPlane ground) {

        /** The same input cut to the warm-up's frames, without outputs. */
        Options warmUp() {
            long n = frames < 0 ? warmup : Math.min(frames, warmup);
            return new Options(source, mode, n, null, null, cvThreads, width, height, seed, 0, inFlight, settings, ground);
        }

        static Options of(Flags f) {
            String mode = f.get("mode", "compare");
            if (!Set.of("compare", "sequential", "parallel").contains(mode)) {
                throw new IllegalArgumentException("--mode must be compare, sequential or parallel, was '" + mode + "'");
            }
            String[] size = f.get("size", "640x360").split("x");
            int width;
            int height;
            try {
                width = Integer.parseInt(size[0]);
                height = Integer.parseInt(size[1]);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("--size needs WIDTHxHEIGHT, e.g. 640x360, was '" + f.get("size", "") + "'");
            }
            String source = f.get("source", "synthetic");
            GroundPlane ground = f.has("ground") ? GroundPlane.parse(f.get("ground", ""))
                    : source.equals("synthetic") ? SyntheticSource.ground(height) : FOOTAGE_GROUND;
            double scale = number(f, "detect-scale", 0.5);
            long seed = f.getInt("seed", 7);
            VisionPipeline.Settings settings = new VisionPipeline.Settings(scale, seed,
                    positive(f, "size-replicas", 1), positive(f, "classifier-replicas", 2),
                    positive(f, "render-replicas", 2), faceModel(f));
            return new Options(source, mode, f.getInt("frames", -1), f.has("out") ? Path.of(f.get("out", "")) : null,
                    f.has("report-json") ? Path.of(f.get("report-json", "")) : null, positive(f, "cv-threads", 1), width,
                    height, seed, f.getInt("warmup", 30), positive(f, "in-flight", IN_FLIGHT), settings, ground);
        }

        private static Path faceModel(Flags f) {
            if (!f.has("face-model")) {
                return null;
            }
            Path dir = Path.of(f.get("face-model", ""));
            for (String file : new String[] {FaceCheck.MODEL, FaceCheck.CONFIG}) {
                if (!Files.isRegularFile(dir.resolve(file))) {
                    throw new IllegalArgumentException("--face-model " + dir + ": no " + file + " there");
                }
            }
            return dir;
        }

        private static int positive(Flags f, String name, int fallback) {
            int v = f.getInt(name, fallback);
            if (v < 1) {
                throw new IllegalArgumentException("--" + name + " must be at least 1, was " + v);
            }
            return v;
        }

        private static double number(Flags f, String name, double fallback) {
            try {
                return Double.parseDouble(f.get(name, Double.toString(fallback)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + name + " needs a number, was '" + f.get(name, "") + "'");
            }
        }
    }

    /** One run: its report, its last result and how many frames its video got. */
    record Run(String mode, RunReport report, FrameResult last, long written) {

        /**
         * Runs the pipeline once; prints the report to {@code out} unless it is {@code null}
         * (and then shows no progress either); offers the annotated frames to {@code live} unless it
         * is {@code null}.
         */
        static Run of(Runner runner, Options o, boolean quiet, PrintStream out, JpegStream live) throws InterruptedException, IOException {
            String caption = o.out() == null && live == null ? "" : runner.mode() + " | OpenCV threads " + o.cvThreads();
            Pipeline<Frame, Annotated> pipeline = VisionPipeline.build(o.settings());
            Map<Param<?>, ?> params = Map.of(SizeEstimator.GROUND, o.ground(), Renderer.CAPTION, caption);
            MatSource source = Sources.create(o.source(), o.frames(), o.seed(), o.width(), o.height());
            AnnotatedVideo video = o.out() == null ? null
                    : new AnnotatedVideo(o.out(), source::framesPerSecond);
            SampleSink sink = new SampleSink(video, live);
            try {
                RunReport report = out == null ? runner.run(pipeline, source, sink, params)
                        : SampleRun.run(runner, pipeline, source, sink, params, quiet, r -> out.print(r.toTable()));
                return new Run(runner.mode(), report, sink.last(), video == null ? 0 : video.written());
            } finally {
                if (video != null) {
                    video.close();
                }
                source.releaseFrames();
            }
        }

        String line(Options o) {
            return String.format(Locale.ROOT, "camera %s: %s, %d frames, %.1f FPS, OpenCV threads %d (Core.setNumThreads),"
                    + " detect scale %.2f%s", mode, o.source(), report.completed(), report.fps(), o.cvThreads(),
                    o.settings().detectScale(), written > 0 ? ", " + written + " frames written" : "");
        }
    }
}
