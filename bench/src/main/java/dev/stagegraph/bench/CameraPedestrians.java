package dev.stagegraph.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code camera-pedestrians}: the camera-frame sample's real OpenCV pipeline on the pedestrian clip,
 * run as its users run it ({@code samples camera --source file:CLIP --report-json FILE}, compare
 * mode: an unmeasured warm-up of as many frames through each runner, then the sequential and the
 * parallel runner) in a child JVM, so
 * OpenCV's natives and the sample's console output stay out of this one. The ideal FPS is the
 * sample's own: its sequential run's measured stage costs on the available cores. Skipped, with a
 * note, when the clip is absent.
 */
final class CameraPedestrians {
    /** The clip, relative to the project's root as the issue names it; {@code -Dstagegraph.pedestrians} overrides. */
    static final String CLIP = "../shared/data/pedestrians-640x360-mjpeg.avi";
    static final int FRAMES = 150;
    private static final Pattern RUN_FPS = Pattern.compile("\"mode\":\"(sequential|parallel)\"[^{}]*?\"fps\":([-0-9.eE+]+)");
    private static final Pattern IDEAL = Pattern.compile("\"idealSpeedup\":([-0-9.eE+]+)");

    private CameraPedestrians() {}

    static Section run() throws IOException, InterruptedException {
        Path clip = Path.of(System.getProperty("stagegraph.pedestrians", CLIP)).toAbsolutePath().normalize();
        if (!Files.isReadable(clip)) {
            String note = "skipped: the clip is not at " + clip + " (pass -Dstagegraph.pedestrians=FILE)";
            return new Section(new JsonOut().put("name", "camera-pedestrians").put("skipped", true).put("note", note),
                    List.of("camera-pedestrians: " + note), List.of());
        }
        Path json = Files.createTempFile("camera-pedestrians", ".json");
        try {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "dev.stagegraph.samples.Main",
                    "camera", "--source", "file:" + clip, "--frames", Integer.toString(FRAMES), "--warmup", Integer.toString(FRAMES),
                    "--quiet", "--report-json",
                    json.toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("the camera sample did not finish within 60 s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("the camera sample exited with " + p.exitValue());
            }
            return section(clip, Files.readString(json, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(json);
        }
    }

    private static Section section(Path clip, String report) {
        double sequential = Double.NaN;
        double parallel = Double.NaN;
        Matcher m = RUN_FPS.matcher(report);
        while (m.find()) {
            double fps = Double.parseDouble(m.group(2));
            if (m.group(1).equals("sequential")) {
                sequential = fps;
            } else {
                parallel = fps;
            }
        }
        Matcher i = IDEAL.matcher(report);
        double ideal = i.find() ? sequential * Double.parseDouble(i.group(1)) : Double.NaN;
        double efficiency = parallel / ideal;
        JsonOut json = new JsonOut().put("name", "camera-pedestrians").put("clip", clip.getFileName().toString())
                .put("frames", FRAMES).put("fps", new JsonOut().put("sequential", sequential).put("parallel", parallel))
                .put("idealFps", ideal).put("parallelVsSequential", parallel / sequential).put("efficiency", efficiency);
        List<String> rows = new ArrayList<>();
        rows.add(String.format(Locale.ROOT, "camera-pedestrians: %d frames of %s, sequential %.1f FPS, parallel %.1f FPS,"
                + " ideal %.1f FPS", FRAMES, clip.getFileName(), sequential, parallel, ideal));
        rows.add(String.format(Locale.ROOT, "  parallel/sequential %.2f, efficiency %.3f", parallel / sequential, efficiency));
        return new Section(json, rows, List.of());
    }
}
