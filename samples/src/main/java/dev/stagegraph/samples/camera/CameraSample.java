package dev.stagegraph.samples.camera;

import dev.stagegraph.PipelineFailedException;
import dev.stagegraph.Runner;
import dev.stagegraph.report.PipelineGraph;
import dev.stagegraph.report.RunReport;
import dev.stagegraph.runtime.ParallelRunner;
import dev.stagegraph.runtime.SequentialRunner;
import dev.stagegraph.samples.Comparison;
import dev.stagegraph.samples.Flags;
import dev.stagegraph.serve.JpegStream;
import dev.stagegraph.serve.LiveView;
import dev.stagegraph.serve.LiveViews;
import dev.stagegraph.video.VideoSourceException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;

/**
 * {@code camera}: a real vision pipeline (background-subtraction detector, size estimator, a
 * classifier, tracking aggregator, renderer) over the synthetic feed or anything pipeline-video
 * reads (a video file FFmpeg decodes, an RTSP or HTTP stream, a camera, a folder of images), run by
 * the sequential and the parallel runner, with an annotated video (H.264 MP4 or MJPEG AVI), both
 * reports (with a line per camera: several {@code --source}s run as one pipeline over all of them), the speed-up against the ideal bound, and a summary of what was seen. The classifier is
 * YOLOX-Nano (COCO) with {@code --model}, the shape classifier on the synthetic feed without one,
 * and on real footage without one it labels what moves "object", never a class it cannot know.
 */
public final class CameraSample {
    private static final Set<String> FLAGS = Set.of("source", "mode", "frames", "out", "report-json", "cv-threads",
            "model", "model-input", "min-score",
            "size-replicas", "classifier-replicas", "render-replicas", "detect-scale", "ground", "seed", "size", "warmup", "face-model", "in-flight",
            "trace", "graph", "serve", "serve-address", "runner", "quiet?", "help?");
    private static final String USAGE = String.join(System.lineSeparator(),
            "camera [flags]",
            "  --source SPEC            synthetic (default, 640x360) | synthetic:SEED | file:VIDEO (any FFmpeg decodes:",
            "                           MP4/H.264, MKV, ...) | rtsp://HOST:PORT/PATH | http(s)://... | camera:N | dir:FOLDER;",
            "                           repeat it for several cameras in one pipeline, NAME=SPEC names one (default: the",
            "                           file's name, camera-N, the stream's host and path; repeats get -2, -3)",
            "  --model FILE.onnx        label with YOLOX-Nano (COCO: person, bicycle, car, motorcycle, bus, truck),",
            "                           e.g. ../shared/data/models/yolox_nano.onnx; without it real footage is labelled 'object'",
            "  --model-input N          the network's input side, a multiple of 32, default 416 (640 finds more, ~2.4x cost)",
            "  --min-score F            the lowest score a box is kept at, default 0.5 (0.4 finds more, a few false boxes)",
            "  --mode MODE              compare (default) | sequential | parallel",
            "  --runner RUNNER          local (default: the runners --mode names) | flink (a local Flink mini cluster,",
            "                           parallelism 2, one split per source; prints each camera's summary, no video)",
            "  --frames N               at most N frames (default: synthetic 600, camera/stream 300, file/dir all)",
            "  --out FILE               the annotated video: .mp4/.mov/.mkv H.264, .avi MJPEG, none for no video",
            "                           (default camera-sample.mp4; in compare mode each run writes it, the parallel last;",
            "                           with several cameras one file each, camera-sample-NAME.mp4)",
            "  --report-json FILE       write both reports, the speed-up and the tracks per class as JSON",
            "  --cv-threads N           OpenCV's own thread pool (Core.setNumThreads), default 1",
            "  --classifier-replicas N  classifier (YOLOX or shape classifier) instances, default 2 (1 when it only",
            "                           labels what moves 'object', without --model on footage)",
            "  --size-replicas N        size estimator instances, default 1",
            "  --render-replicas N      renderer (draws the video's frames) instances, default 2 (1 with --out none",
            "                           and no --serve: it draws nothing)",
            "  --detect-scale F         resize frames by F before background subtraction, default 0.5",
            "  --ground ROW:METRES      horizon row and camera height, for sizes in metres (default: the synthetic",
            "                           feed's own; for footage -170:8.9, fitted to the pedestrian clip)",
            "  --face-model DIR         with the shape classifier, also look for faces on people (OpenCV's DNN face detector;",
            "                           DIR holds opencv_face_detector_uint8.pb and .pbtxt, e.g. ../shared/data/models)",
            "  --seed N                 synthetic feed and training seed, default 7",
            "  --in-flight N            at most N frames of each camera between source and sink in the parallel run,",
            "                           default 8 shared by the cameras, at least 2 each (8, 4, 3, 2, ... for 1, 2, 3, 4+)",
            "  --warmup N               first run N frames of each camera through each runner the mode measures,",
            "                           unmeasured, so JIT and OpenCV set-up count against no measured run",
            "                           (default 30, 0 for none)",
            "  --size WxH               synthetic frame size, default 640x360",
            "  --trace FILE.json        write the parallel run's last 1000 frames as a Chrome trace (open in Perfetto)",
            "  --graph FILE.dot         write the pipeline's graph, annotated with the last run (render: dot -Tpng)",
            "  --serve PORT             serve a live view while it runs: the video, graph and stats at http://127.0.0.1:PORT/,",
            "                           Prometheus metrics at /metrics, MJPEG at /stream.mjpg (0 for any free port); with",
            "                           several cameras each has /stream.mjpg?source=NAME (/stream.mjpg is the first's)",
            "  --serve-address ADDR     bind the live view to ADDR instead of 127.0.0.1 (e.g. 0.0.0.0; no authentication)",
            "  --quiet                  no progress line (it is off anyway when output is not a terminal)");

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
        CameraOptions o;
        Flags flags;
        LiveViews live;
        try {
            flags = Flags.parse(args, FLAGS);
            if (flags.has("help")) {
                out.println(USAGE);
                return 0;
            }
            o = CameraOptions.of(flags);
            for (Camera c : o.cameras()) {
                Sources.create(c.spec(), o.frames(), o.seed(), o.width(), o.height());
            }
            int status = FlinkCommand.run(flags, o, out, err);
            if (status >= 0) {
                return status;
            }
            live = liveViews(flags, out, o.cameras());
            if (o.settings().yolox() && o.settings().model() == null) {
                out.println("no --model: what moves is labelled 'object'; for person, car, bus, ... pass"
                        + " --model ../shared/data/models/yolox_nano.onnx");
            }
        } catch (IllegalArgumentException e) {
            err.println("camera: " + e.getMessage());
            return 2;
        }
        OpenCv.threads(o.cvThreads());
        List<RunReport> reports = new ArrayList<>();
        StringJoiner classes = new StringJoiner(",", "\"classes\":{", "}");
        StringJoiner cameras = new StringJoiner(",", "\"cameras\":{", "}");
        CameraRun last = null;
        try {
            if (o.warmup() > 0) {
                CameraOptions w = o.warmUp();
                StringJoiner modes = new StringJoiner(" and the ");
                long frames = 0;
                for (Runner runner : runners(o.mode(), o.inFlight(), o.cameras().size(), null, null)) {
                    frames = CameraRun.of(runner, w, true, null, null).report().completed();
                    modes.add(runner.mode());
                }
                out.printf(Locale.ROOT, "warm-up: %d frames through the %s runner, not measured%n", frames, modes);
            }
            MeterRegistry registry = live == null ? null : live.registry();
            for (Runner runner : runners(o.mode(), o.inFlight(), o.cameras().size(),
                    flags.has("trace") ? Path.of(flags.get("trace", "")) : null, registry)) {
                CameraRun run = CameraRun.of(live == null ? runner : live.wrap(runner), o, flags.has("quiet"), out,
                        live == null ? null : c -> streams(live, o.cameras(), c));
                out.println(run.line(o));
                out.print(run.summary());
                reports.add(run.report());
                last = run;
                Tally total = run.total();
                classes.add("\"" + run.mode() + "\":" + (total == null ? "null" : total.toJson()));
                cameras.add("\"" + run.mode() + "\":" + run.camerasJson());
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
        if (last != null && last.total() != null) {
            out.print("seen: " + last.total().describe());
        }
        if (o.out() != null) {
            for (Camera c : o.cameras()) {
                out.println("video: " + c.video(o.out(), o.cameras().size()).toAbsolutePath());
            }
        }
        try {
            if (o.reportJson() != null) {
                comparison.write(o.reportJson(), classes + "," + cameras);
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
            if (t instanceof VideoSourceException || t instanceof IllegalArgumentException) {
                return t.getMessage();
            }
        }
        return e.getMessage().replace(System.lineSeparator(), " ");
    }

    /**
     * The runners for a mode; the parallel one with at most {@code inFlight} frames of each of the
     * {@code cameras} in flight (its ring holds them all), and tracing the last 1000 frames to
     * {@code trace} when it is not {@code null}.
     */
    private static List<Runner> runners(String mode, int inFlight, int cameras, Path trace, MeterRegistry registry) {
        ParallelRunner.Builder builder = ParallelRunner.builder().ringSize(Integer.highestOneBit(inFlight * cameras) * 2)
                .maxInFlight(inFlight);
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

    /**
     * The streams a camera's frames go to: the view's own ({@code /stream.mjpg}) for the first
     * camera, and with several cameras each camera's {@code /stream.mjpg?source=NAME}.
     */
    private static List<JpegStream> streams(LiveViews live, List<Camera> cameras, Camera camera) {
        List<JpegStream> streams = new ArrayList<>();
        if (camera.equals(cameras.get(0))) {
            streams.add(live.stream());
        }
        if (cameras.size() > 1) {
            streams.add(live.stream(camera.name()));
        }
        return streams;
    }

    /**
     * The live views {@code --serve} asks for, printing each one's address (and each camera's
     * stream with several); {@code null} without the flag.
     */
    private static LiveViews liveViews(Flags flags, PrintStream out, List<Camera> cameras) {
        if (!flags.has("serve")) {
            if (flags.has("serve-address")) {
                throw new IllegalArgumentException("--serve-address needs --serve PORT");
            }
            return null;
        }
        LiveView.Options options = LiveView.options().port(flags.getInt("serve", 0)).address(flags.get("serve-address", "127.0.0.1"));
        return LiveViews.of(options, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), v -> {
            out.println("live view: " + v.url() + " (Prometheus: " + v.url().resolve("/metrics") + ", video: "
                    + v.url().resolve("/stream.mjpg") + ")");
            if (cameras.size() > 1) {
                for (Camera c : cameras) {
                    out.println("  camera " + c.name() + ": " + v.url().resolve("/stream.mjpg?source="
                            + URLEncoder.encode(c.name(), StandardCharsets.UTF_8)));
                }
            }
        });
    }
}
