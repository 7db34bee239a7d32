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
        int status = run("--frames", "40", "--size", "320x240", "--out", video.toString(), "--report-json", json.toString());
        String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, err() + printed);
        assertTrue(printed.contains("OpenCV threads 1") && printed.contains("ideal on") && printed.contains("speed-up")
                && printed.contains("tracks per class"), printed);
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertEquals(2, report.get("runs").size());
        assertEquals("sequential", report.get("runs").get(0).get("mode").asText());
        assertEquals("parallel", report.get("runs").get(1).get("mode").asText());
        for (JsonNode r : report.get("runs")) {
            assertEquals(40, r.get("framesCompleted").asInt());
            assertEquals(5, r.get("stages").size(), "detector, size, classifier, aggregator, render");
        }
        assertTrue(report.get("speedup").asDouble() > 0 && report.get("idealSpeedup").asDouble() >= 1);
        assertEquals(40, framesReadByOpenCv(video));
        assertEquals(40, Ffmpeg.frames(video));
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

    @Test
    void missingFileShouldEndWithOneLine() throws Exception {
        Path missing = tmp.resolve("missing.avi");
        assertEquals(1, run("--source", "file:" + missing, "--mode", "sequential"));
        assertOneLineError("file:" + missing, "no such file");
    }

    @Test
    void fileThatIsNotAVideoShouldEndWithOneLine() throws Exception {
        Path text = Files.writeString(tmp.resolve("notes.txt"), "hello");
        assertEquals(1, run("--source", "file:" + text, "--mode", "parallel"));
        assertOneLineError("file:" + text, "ffmpeg -i in.mp4 -c:v mjpeg -q:v 5 out.avi", "dir:");
    }

    @Test
    void undecodableVideoShouldEndWithOneLine() throws Exception {
        Path h264 = Ffmpeg.h264(tmp.resolve("clip.avi"));
        assertEquals(1, run("--source", "file:" + h264));
        assertOneLineError("file:" + h264, "H264", "ffmpeg -i in.mp4 -c:v mjpeg -q:v 5 out.avi");
    }

    @Test
    void badFlagsShouldExitWithTwo() throws Exception {
        assertEquals(2, run("--mode", "fast"));
        assertEquals(2, run("--source", "rtsp://camera"));
        assertEquals(2, run("--colour", "red"));
        assertEquals(0, run("--help"));
    }
}
