package dev.stagegraph.samples.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;
import org.opencv.videoio.VideoCapture;
import org.opencv.videoio.Videoio;

class CameraSampleTest {
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

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private void assertOneLineError(String... expected) {
        String text = err();
        assertEquals(1, text.lines().count(), "one line, no stack trace: " + text);
        assertFalse(text.contains("Exception") || text.contains("\tat "), text);
        for (String e : expected) {
            assertTrue(text.contains(e), "'" + e + "' in: " + text);
        }
    }

    @Test
    void shouldCompareBothRunnersAndWriteTheVideoAndTheReport() throws Exception {
        Path video = tmp.resolve("out.avi");
        Path json = tmp.resolve("r.json");
        int status = run("--frames", "40", "--size", "320x240", "--warmup", "5", "--out", video.toString(), "--report-json",
                json.toString());
        String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, err() + printed);
        assertTrue(printed.contains("OpenCV threads 1") && printed.contains("ideal on") && printed.contains("speed-up")
                && printed.contains("tracks per class: person") && printed.contains("video: " + video.toAbsolutePath()),
                printed);
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertEquals(2, report.get("runs").size());
        assertEquals("sequential", report.get("runs").get(0).get("mode").asText());
        assertEquals("parallel", report.get("runs").get(1).get("mode").asText());
        for (JsonNode r : report.get("runs")) {
            assertEquals(40, r.get("framesCompleted").asInt());
            assertEquals(5, r.get("stages").size(), "detector, size, classifier, aggregator, render");
        }
        assertTrue(report.get("speedup").asDouble() > 0 && report.get("idealSpeedup").asDouble() >= 1);
        assertEquals(report.get("classes").get("sequential"), report.get("classes").get("parallel"), "same tally");
        JsonNode tracks = report.get("classes").get("parallel").get("tracks");
        assertEquals(List.of("person", "cart", "ball", "box"), fieldNames(tracks), "the shape classifier's kinds");
        assertEquals(40, framesReadByOpenCv(video), "MJPEG AVI that OpenCV's own reader opens");
        assertEquals(40, Ffmpeg.frames(video));
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static int framesReadByOpenCv(Path video) {
        VideoCapture capture = new VideoCapture(video.toString(), Videoio.CAP_OPENCV_MJPEG);
        Mat frame = new Mat();
        int frames = 0;
        try {
            while (capture.read(frame)) {
                assertEquals(320, frame.cols());
                frames++;
            }
        } finally {
            capture.release();
            frame.release();
        }
        return frames;
    }

    /**
     * The Bar's command, cut to 48 frames: YOLOX on the H.264 intersection clip in both modes, an
     * H.264 MP4 out, and the tracks per class in the JSON, equal in both runs.
     */
    @Test
    void modelOnTheIntersectionClipShouldCountCarsAndWriteAnMp4() throws Exception {
        Path clip = SharedData.require("intersection-640x480.mp4");
        Path model = SharedData.require("models/yolox_nano.onnx");
        Path video = tmp.resolve("out.mp4");
        Path json = tmp.resolve("r.json");
        int status = run("--source", "file:" + clip, "--model", model.toString(), "--model-input", "320", "--frames", "48",
                "--warmup", "4", "--out", video.toString(), "--report-json", json.toString(), "--quiet");
        String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, err() + printed);
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        for (JsonNode r : report.get("runs")) {
            assertEquals(48, r.get("framesCompleted").asInt());
            assertEquals(6, r.get("stages").size(), "detector, classifier, size, labels, aggregator, render");
        }
        assertEquals(report.get("classes").get("sequential"), report.get("classes").get("parallel"), "same tally");
        JsonNode tracks = report.get("classes").get("parallel").get("tracks");
        assertEquals(List.of("person", "bicycle", "car", "motorcycle", "bus", "truck"), fieldNames(tracks));
        int vehicles = tracks.get("car").asInt() + tracks.get("bus").asInt() + tracks.get("truck").asInt();
        assertTrue(vehicles >= 2 && vehicles <= 20, "the clip's first 48 frames show several cars: " + tracks);
        assertTrue(report.get("classes").get("parallel").get("detections").get("car").asInt() >= 48,
                "cars in most frames: " + report.get("classes"));
        assertEquals(48, Ffmpeg.frames(video));
        assertEquals("h264", Ffmpeg.run("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
                "stream=codec_name", "-of", "csv=p=0", video.toString()).strip());
    }

    @Test
    void realFootageWithoutAModelShouldLabelOnlyObject() throws Exception {
        Path json = tmp.resolve("r.json");
        int status = run("--source", "file:" + SharedData.pedestrians(), "--frames", "60", "--mode", "sequential",
                "--warmup", "0", "--out", "none", "--report-json", json.toString(), "--quiet");
        String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, err() + printed);
        assertTrue(printed.contains("--model ../shared/data/models/yolox_nano.onnx"), printed);
        assertFalse(printed.contains("video: "), "--out none writes no video: " + printed);
        JsonNode tracks = new ObjectMapper().readTree(json.toFile()).get("classes").get("sequential").get("tracks");
        assertEquals(List.of("object"), fieldNames(tracks), "no label it cannot know");
        assertTrue(tracks.get("object").asInt() >= 1, "people walk through the clip: " + tracks);
    }

    /** pipeline-video's test RTSP server (a live H.264 stream) on the loopback address, through the sample's command line. */
    @Test
    void rtspStreamShouldRunThroughTheSample() throws Exception {
        try (RtspServer server = RtspServer.startOrSkip()) {
            int status = run("--source", server.url(), "--frames", "30", "--mode", "parallel", "--warmup", "0", "--out",
                    "none", "--quiet");
            String printed = out.toString(StandardCharsets.UTF_8);
            assertEquals(0, status, err() + printed);
            assertTrue(printed.contains("pipeline 'camera' (parallel): 30 frames in") && printed.contains("camera parallel: "
                    + server.url()), "30 frames read from the stream (a live source's frames may be dropped): " + printed);
        }
    }

    @Test
    void missingFileShouldEndWithOneLine() throws Exception {
        Path missing = tmp.resolve("missing.mp4");
        assertEquals(1, run("--source", "file:" + missing, "--mode", "sequential", "--out", "none"));
        assertOneLineError(missing.toString());
    }

    @Test
    void fileThatIsNotAVideoShouldEndWithOneLine() throws Exception {
        Path text = Files.writeString(tmp.resolve("notes.txt"), "hello");
        assertEquals(1, run("--source", "file:" + text, "--mode", "parallel", "--out", "none"));
        assertOneLineError(text.toString());
    }

    @Test
    void badFlagsShouldExitWithTwo() throws Exception {
        assertEquals(2, run("--mode", "fast"));
        assertEquals(2, run("--source", "ftp://camera"));
        assertEquals(2, run("--colour", "red"));
        assertEquals(2, run("--out", "video.gif"));
        assertEquals(2, run("--model", tmp.resolve("none.onnx").toString()));
        assertEquals(2, run("--model-input", "320"));
        assertEquals(2, run("--frames", "0"));
        assertTrue(err().contains("--model " + tmp.resolve("none.onnx") + ": no such file"), err());
        assertEquals(0, run("--help"));
    }
}
