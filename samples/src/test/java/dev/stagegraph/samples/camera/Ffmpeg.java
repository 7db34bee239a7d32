package dev.stagegraph.samples.camera;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the {@code ffmpeg} tools when they are installed (CI installs them); skips the test otherwise. */
final class Ffmpeg {
    private Ffmpeg() {}

    /** Runs {@code tool args...}, waits at most a minute, and returns what it printed. */
    static String run(String tool, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(tool));
        command.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "skipped: " + tool + " is not installed (apt-get install ffmpeg)");
            throw e;
        }
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(1, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException(tool + " failed: " + new String(out, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    /** Writes a one-second 160x120 H.264 video, which this OpenCV build cannot decode. */
    static Path h264(Path file) throws IOException, InterruptedException {
        run("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=160x120:rate=10", "-t", "1", "-c:v", "libx264",
                "-pix_fmt", "yuv420p", file.toString());
        return file;
    }

    /** How many video frames ffprobe decodes in the file. */
    static long frames(Path file) throws IOException, InterruptedException {
        String out = run("ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries",
                "stream=nb_read_frames", "-of", "default=nokey=1:noprint_wrappers=1", file.toString());
        return Long.parseLong(out.trim());
    }
}
