package dev.stagegraph.samples.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagegraph.runtime.ParallelRunner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code camera --runner flink} on a local Flink mini cluster with two readers and two sources:
 * each camera's summary (frames, tracks and detections per class, heights) equals the parallel
 * runner's over the same cameras in one pipeline (per-source detector and aggregator), which holds
 * only if each Flink split's graph keeps its camera's state apart and sees all its frames in order.
 */
class FlinkCameraTest {
    /** A camera's line: its name, its frames, its tracks per class (the FPS and latencies differ by runner). */
    private static final Pattern ROW = Pattern.compile("  camera (\\S+): (\\d+) frames, .*tracks: (.*)");

    @BeforeAll
    static void natives() {
        OpenCv.load();
    }

    private static String run(String... args) throws InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = CameraSample.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, status, () -> "camera " + String.join(" ", args) + " failed: " + err.toString(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The camera lines of a run's output, without what differs by runner (FPS, drops, latency). */
    private static List<String> rows(String output) {
        List<String> rows = new ArrayList<>();
        for (String line : output.split("\\R")) {
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                rows.add(m.group(1) + ": " + m.group(2) + " frames, tracks: " + m.group(3));
            }
        }
        return rows;
    }

    private static String seen(String output) {
        int at = output.indexOf("seen: ");
        assertTrue(at >= 0, "the run printed what it saw: " + output);
        return output.substring(at);
    }

    @Test
    void theCommandLinesFlinkRunShouldPrintTheParallelRunnersSummaryPerCamera() throws Exception {
        String[] common = {"--source", "synthetic", "--source", "synthetic:11", "--frames", "90", "--size", "320x240", "--out", "none"};
        List<String> args = new ArrayList<>(List.of(common));
        args.addAll(List.of("--mode", "parallel", "--warmup", "0", "--quiet"));
        String parallel = run(args.toArray(String[]::new));
        args = new ArrayList<>(List.of(common));
        args.addAll(List.of("--runner", "flink"));
        String flink = run(args.toArray(String[]::new));
        List<String> expected = rows(parallel);
        assertEquals(List.of("synthetic: 90 frames", "synthetic-11: 90 frames"),
                expected.stream().map(r -> r.substring(0, r.indexOf(", tracks"))).toList(), parallel);
        assertEquals(expected, rows(flink), flink);
        assertEquals(seen(parallel), seen(flink));
    }

    @Test
    void theTwoClipsOnFlinkShouldEachTallyAsTheParallelRunnerDoes() throws Exception {
        Path pedestrians = SharedData.pedestrians();
        Path intersection = SharedData.require("intersection-640x480.mp4");
        Path model = pedestrians.resolveSibling("models/yolox_nano.onnx");
        VisionPipeline.Settings settings = new VisionPipeline.Settings(0.5, 7, 1, 2, 1, null, true,
                Files.isRegularFile(model) ? model : null, 320, Yolox.DEFAULT_SCORE);
        List<Camera> cameras = Camera.of(List.of("file:" + pedestrians, "file:" + intersection));
        CameraOptions o = new CameraOptions(cameras, "parallel", 60, null, null, 1, 640, 360, 7, 0, CameraOptions.IN_FLIGHT, settings,
                CameraOptions.FOOTAGE_GROUND);
        CameraRun parallel = CameraRun.of(ParallelRunner.builder().ringSize(Integer.highestOneBit(o.inFlight() * cameras.size()) * 2)
                .maxInFlight(o.inFlight()).build(), o, true, null, null);
        FlinkCamera.Run flink = FlinkCamera.run(CameraJob.of(o), cameras, 2);
        for (CameraRun.Seen s : parallel.cameras()) {
            String name = s.camera().name();
            CameraTotalsSink.Totals t = flink.cameras().get(name);
            assertNotNull(s.last(), name + " had results in the parallel run");
            assertEquals(parallel.source(name).completed(), t.frames(), name + ": frames");
            assertEquals(s.last().tally(), t.last(), name + ": tracks, detections and heights");
        }
    }
}
