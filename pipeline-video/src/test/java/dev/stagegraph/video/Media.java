package dev.stagegraph.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Real footage from {@code ../shared/data} and the ffmpeg/ffprobe command-line tools, for tests. */
final class Media {
    private Media() {}

    /** The H.264 intersection clip: 909 frames, 640x480, 30 fps. */
    static Path intersection() {
        return require("intersection-640x480.mp4");
    }

    /** The MJPEG pedestrian clip: 341 frames, 640x360, 25 fps. */
    static Path pedestrians() {
        return require("pedestrians-640x360-mjpeg.avi");
    }

    /** Skips the calling test unless {@code ../shared/data/name} exists beside the project root. */
    static Path require(String name) {
        Path root = projectRoot();
        Path file = root == null ? null : root.resolve("../shared/data").resolve(name).normalize();
        assumeTrue(file != null && Files.exists(file), "skipped: ../shared/data/" + name
                + " is not beside the project root; it is real footage kept outside the repository");
        return file;
    }

    private static Path projectRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("pipeline-api")) && Files.exists(p.resolve("pom.xml"))) {
                return p;
            }
        }
        return null;
    }

    /** Runs a command to completion (at most {@code seconds}) and returns its stdout; fails the test on a non-zero exit. */
    static String run(int seconds, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out;
        try (InputStream in = p.getInputStream()) {
            out = in.readAllBytes();
        }
        boolean done = p.waitFor(seconds, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly().waitFor();
        }
        assertEquals(true, done, "timed out after " + seconds + " s: " + String.join(" ", command));
        assertEquals(0, p.exitValue(), "failed: " + String.join(" ", command));
        return new String(out, StandardCharsets.UTF_8).strip();
    }

    /** ffmpeg with quiet logging and the given arguments, overwriting outputs. */
    static void ffmpeg(int seconds, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y"));
        cmd.addAll(List.of(args));
        run(seconds, cmd.toArray(String[]::new));
    }

    /** The number of video frames ffprobe decodes in {@code file}. */
    static long probeFrames(Path file) throws IOException, InterruptedException {
        String out = run(60, "ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries",
                "stream=nb_read_frames", "-of", "csv=p=0", file.toString());
        return Long.parseLong(out.lines().filter(l -> !l.isBlank()).findFirst().orElse("-1").strip());
    }

    /** The presentation times (seconds) ffprobe reads for {@code file}'s video frames, in order. */
    static List<Double> probeTimes(Path file) throws IOException, InterruptedException {
        List<Double> times = new ArrayList<>();
        for (String line : run(60, "ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "frame=pts_time",
                "-of", "csv=p=0", file.toString()).split("\n")) {
            if (!line.isBlank()) {
                times.add(Double.parseDouble(line.strip().replace(",", "")));
            }
        }
        return times;
    }

    /** ffprobe's codec name for {@code file}'s video stream, e.g. {@code h264}. */
    static String probeCodec(Path file) throws IOException, InterruptedException {
        return run(30, "ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=codec_name", "-of",
                "csv=p=0", file.toString());
    }

    /** PSNR in dB of two equally long byte images; infinite when equal. */
    static double psnr(byte[] a, byte[] b) {
        assertEquals(a.length, b.length, "image sizes differ");
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            int d = (a[i] & 0xff) - (b[i] & 0xff);
            sum += d * d;
        }
        double mse = sum / a.length;
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 / mse);
    }
}
