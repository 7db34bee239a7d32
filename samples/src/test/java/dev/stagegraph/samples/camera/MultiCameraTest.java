package dev.stagegraph.samples.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stagegraph.FrameContext;
import dev.stagegraph.Outcome;
import dev.stagegraph.Param;
import dev.stagegraph.Pipeline;
import dev.stagegraph.PipelineBuilder;
import dev.stagegraph.Results;
import dev.stagegraph.Runner;
import dev.stagegraph.Stage;
import dev.stagegraph.StageContext;
import dev.stagegraph.StageOptions;
import dev.stagegraph.runtime.ParallelRunner;
import dev.stagegraph.runtime.SequentialRunner;
import dev.stagegraph.source.Feed;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several cameras in one run of the camera sample (issue 13): each camera's results as if it ran alone. */
class MultiCameraTest {
    private static final int WIDTH = 320;
    private static final int HEIGHT = 240;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void natives() {
        OpenCv.load();
    }

    private int run(String... args) throws InterruptedException {
        return CameraSample.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    /**
     * The pedestrian and the intersection clip (or two synthetic feeds of other seeds when the clips
     * are absent) through the command line, together and each alone: per camera, the same frames
     * and tracks per class in both runners, and the sequential run equal to the parallel one.
     */
    @Test
    void twoCameras_giveEachCameraWhatItGetsAlone_inBothRunners() throws Exception {
        Path pedestrians = SharedData.find("pedestrians-640x360-mjpeg.avi");
        Path intersection = SharedData.find("intersection-640x480.mp4");
        String a = pedestrians == null ? "synthetic:3" : "file:" + pedestrians;
        String b = intersection == null ? "synthetic:11" : "file:" + intersection;
        JsonNode both = report("both", "--source", "a=" + a, "--source", "b=" + b);
        JsonNode aloneA = report("a", "--source", a);
        JsonNode aloneB = report("b", "--source", b);
        for (String mode : List.of("sequential", "parallel")) {
            JsonNode run = run(both, mode);
            assertEquals(List.of("a", "b"), names(run.get("sources")), "one entry per camera, in order");
            assertEquals(40, run.get("sources").get(0).get("frames").asInt());
            assertEquals(40, run.get("sources").get(1).get("frames").asInt());
            assertEquals(80, run.get("framesCompleted").asInt());
            JsonNode cameras = both.get("cameras").get(mode);
            assertEquals(aloneA.get("classes").get(mode), cameras.get("a"), mode + ": camera a as alone");
            assertEquals(aloneB.get("classes").get(mode), cameras.get("b"), mode + ": camera b as alone");
            assertEquals(run(aloneA, mode).get("framesCompleted"), run.get("sources").get(0).get("completed"));
        }
        assertEquals(both.get("cameras").get("sequential"), both.get("cameras").get("parallel"), "sequential == parallel per camera");
        assertTrue(both.get("cameras").get("parallel").get("a").get("tracks").fields().next().getValue().asInt() >= 1,
                "camera a saw something: " + both.get("cameras"));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("  camera a: 40 frames, ") && printed.contains("  camera b: 40 frames, ")
                && printed.contains("  all 2 cameras: 80 frames, ") && printed.contains("p99"), printed);
    }

    private JsonNode report(String name, String... sources) throws Exception {
        Path json = tmp.resolve(name + ".json");
        List<String> args = new ArrayList<>(List.of(sources));
        args.addAll(List.of("--frames", "40", "--warmup", "0", "--out", "none", "--quiet", "--report-json", json.toString()));
        int status = run(args.toArray(String[]::new));
        assertEquals(0, status, err.toString(StandardCharsets.UTF_8) + out.toString(StandardCharsets.UTF_8));
        return JSON.readTree(json.toFile());
    }

    private static JsonNode run(JsonNode report, String mode) {
        for (JsonNode r : report.get("runs")) {
            if (r.get("mode").asText().equals(mode)) {
                return r;
            }
        }
        throw new AssertionError("no " + mode + " run in " + report);
    }

    private static List<String> names(JsonNode sources) {
        List<String> names = new ArrayList<>();
        sources.forEach(s -> names.add(s.get("name").asText()));
        return names;
    }

    /**
     * Frame by frame: two synthetic cameras of different seeds and lengths (one ends first) through
     * the sample's graph give each frame the result that camera's frame gets when it runs alone, in
     * both runners.
     */
    @Test
    void twoCameras_frameByFrame_equalToEachAlone() throws Exception {
        Pipeline<Frame, Annotated> pipeline = VisionPipeline.build(new VisionPipeline.Settings(0.5, 1, 1, 2, 2, null, false, null,
                Yolox.DEFAULT_INPUT, Yolox.DEFAULT_SCORE));
        Map<String, List<FrameResult>> alone = new LinkedHashMap<>();
        alone.put("a", results(SequentialRunner.create(), pipeline, Map.of("a", 5L)).get("a"));
        alone.put("b", results(SequentialRunner.create(), pipeline, Map.of("b", 9L)).get("b"));
        Map<String, Long> both = new LinkedHashMap<>();
        both.put("a", 5L);
        both.put("b", 9L);
        for (Runner runner : List.of(SequentialRunner.create(), ParallelRunner.builder().ringSize(32).maxInFlight(8).build())) {
            Map<String, List<FrameResult>> together = results(runner, pipeline, both);
            for (String camera : alone.keySet()) {
                assertEquals(alone.get(camera).size(), together.get(camera).size(), runner.mode() + ": camera " + camera);
                for (int i = 0; i < alone.get(camera).size(); i++) {
                    assertEquals(alone.get(camera).get(i), together.get(camera).get(i), runner.mode() + ": camera " + camera
                            + " frame " + i + " as alone");
                }
            }
        }
        assertEquals(30, alone.get("a").size());
        assertEquals(50, alone.get("b").size());
        assertTrue(alone.get("b").get(49).tally().tracks() >= 1, "camera b saw objects");
    }

    /** Synthetic cameras by name and seed (camera a 30 frames, others 50); each camera's results in order. */
    private static Map<String, List<FrameResult>> results(Runner runner, Pipeline<Frame, Annotated> pipeline,
            Map<String, Long> seeds) throws InterruptedException {
        List<Feed<Frame>> feeds = new ArrayList<>();
        List<SyntheticSource> sources = new ArrayList<>();
        seeds.forEach((name, seed) -> {
            SyntheticSource s = new SyntheticSource(WIDTH, HEIGHT, name.equals("a") ? 30 : 50, seed, 6, false);
            sources.add(s);
            feeds.add(Feed.<Frame>of(s).named(name));
        });
        Map<String, List<FrameResult>> results = new LinkedHashMap<>();
        seeds.keySet().forEach(n -> results.put(n, new ArrayList<>()));
        Map<Param<?>, ?> params = Map.of(SizeEstimator.GROUND, SyntheticSource.ground(HEIGHT));
        try (Results<Frame, Annotated> r = runner.results(pipeline, feeds, params)) {
            while (r.hasNext()) {
                Outcome<Frame, Annotated> o = r.next();
                List<FrameResult> own = results.get(o.frame().source());
                assertEquals(own.size(), o.frame().number(), "camera " + o.frame().source() + "'s frames in order");
                own.add(o.result().result());
            }
            assertEquals(seeds.size(), r.report().sources().size());
        } finally {
            sources.forEach(SyntheticSource::releaseFrames);
        }
        return results;
    }

    /**
     * The graph's per-camera stages, declared as the sample declares its detector and aggregator,
     * over the sample's own feeds: each instance opens once and sees only its camera's frames, in
     * order, in both runners.
     */
    @Test
    void perSourceStage_seesOnlyItsCamera_inOrder() throws Exception {
        for (Runner runner : List.of(SequentialRunner.create(), ParallelRunner.create())) {
            Map<Integer, List<String>> seen = new ConcurrentHashMap<>();
            List<Integer> opened = new CopyOnWriteArrayList<>();
            PipelineBuilder<Frame> b = Pipeline.builder("per-camera");
            dev.stagegraph.Port<String> tracked = b.stage("tracker", b.source(), () -> new Recorder(seen, opened),
                    StageOptions.defaults().ordered().perSource());
            Pipeline<Frame, String> pipeline = b.build(b.stage("echo", tracked, () -> (s, ctx) -> s,
                    StageOptions.defaults().replicas(2)));
            List<Camera> cameras = Camera.of(List.of("synthetic:1", "synthetic:2", "door=synthetic:3"));
            List<Feed<Frame>> feeds = new ArrayList<>();
            List<dev.stagegraph.samples.camera.Feed> sources = new ArrayList<>();
            for (Camera c : cameras) {
                dev.stagegraph.samples.camera.Feed s = Sources.create(c.spec(), 10 + 5 * sources.size(), 7, WIDTH, HEIGHT);
                sources.add(s);
                feeds.add(Feed.<Frame>of(s).named(c.name()));
            }
            try {
                runner.run(pipeline, feeds, o -> assertEquals(o.frame().source(), o.result()), Map.of());
            } finally {
                sources.forEach(dev.stagegraph.samples.camera.Feed::releaseFrames);
            }
            assertEquals(3, opened.size(), runner.mode() + ": one instance per camera, opened once: " + opened);
            for (int i = 0; i < cameras.size(); i++) {
                List<String> expected = new ArrayList<>();
                for (int n = 0; n < 10 + 5 * i; n++) {
                    expected.add(cameras.get(i).name() + "#" + n);
                }
                assertEquals(expected, seen.get(i), runner.mode() + ": instance " + i + " saw only its camera, in order");
            }
        }
    }

    /** Records which frames reach its instance. */
    private static final class Recorder implements Stage<Frame, String> {
        private final Map<Integer, List<String>> seen;
        private final List<Integer> opened;
        private List<String> mine;

        Recorder(Map<Integer, List<String>> seen, List<Integer> opened) {
            this.seen = seen;
            this.opened = opened;
        }

        @Override
        public void open(StageContext context) {
            opened.add(context.replica());
            mine = seen.computeIfAbsent(context.replica(), k -> new ArrayList<>());
        }

        @Override
        public String process(Frame frame, FrameContext ctx) {
            mine.add(ctx.source() + "#" + ctx.number());
            return ctx.source();
        }
    }

    @Test
    void cameraNames_comeFromTheSources_repeatsGetASuffix() {
        List<Camera> cameras = Camera.of(List.of("file:/v/lobby.mp4", "file:/w/lobby.mp4", "rtsp://10.0.0.5:8554/door",
                "camera:0", "dir:/shots/yard", "synthetic", "synthetic:9", "back=file:/v/x.avi", "http://h/live?a=b"));
        assertEquals(List.of("lobby", "lobby-2", "10.0.0.5-door", "camera-0", "yard", "synthetic", "synthetic-9", "back", "h-live"),
                cameras.stream().map(Camera::name).toList());
        assertEquals("file:/v/x.avi", cameras.get(7).spec());
        assertEquals("http://h/live?a=b", cameras.get(8).spec(), "a '=' inside a URL is not a name");
        assertEquals(Path.of("out/camera-sample-lobby-2.mp4"), cameras.get(1).video(Path.of("out/camera-sample.mp4"), 2));
        assertEquals(Path.of("camera-sample.mp4"), cameras.get(0).video(Path.of("camera-sample.mp4"), 1), "one camera: the name as given");
        assertEquals(List.of("synthetic"), Camera.of(List.of()).stream().map(Camera::name).toList());
    }

    @Test
    void badSources_exitWithTwoAndSayWhatIsWrong() throws Exception {
        assertEquals(2, run("--source", "synthetic", "--source", "ftp://camera/1"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("ftp://camera/1"), err.toString(StandardCharsets.UTF_8));
        err.reset();
        assertEquals(2, run("--source", "a=synthetic", "--source", "a=synthetic:2"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("two sources are named 'a'"), err.toString(StandardCharsets.UTF_8));
        err.reset();
        assertEquals(2, run("--source", "synthetic:seven"));
        String text = err.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("synthetic:SEED") && text.contains("'seven'"), text);
        assertFalse(text.contains("Exception"), text);
    }
}
