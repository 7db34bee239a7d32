package dev.stagegraph.samples.camera;

import dev.stagegraph.samples.Flags;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.Set;

/**
 * The camera sample's parsed flags.
 *
 * @param cameras the {@code --source} values, each with its unique name, in the order given; one
 *     pipeline runs them all (stages that keep state per camera have an instance each)
 * @param mode compare, sequential or parallel
 * @param frames the most frames per run, or -1 for the source's default
 * @param out the annotated video to write, or {@code null} for none; with several cameras each writes
 *     its own, named by {@link Camera#video}
 * @param reportJson where the reports go as JSON, or {@code null}
 * @param cvThreads OpenCV's own thread pool
 * @param width the synthetic frame width
 * @param height the synthetic frame height
 * @param seed the synthetic feed's seed
 * @param warmup frames of the unmeasured warm-up run, 0 for none
 * @param inFlight the most frames in flight in the parallel run
 * @param settings what the stages need
 * @param ground the size estimator's calibration
 */
record CameraOptions(List<Camera> cameras, String mode, long frames, Path out, Path reportJson, int cvThreads, int width,
        int height, long seed, int warmup, int inFlight, VisionPipeline.Settings settings, GroundPlane ground) {

    /** Where the annotated video goes unless {@code --out} says otherwise ({@code --out none}: nowhere). */
    static final String DEFAULT_OUT = "camera-sample.mp4";

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

    /**
     * The default frames in flight per camera with {@code cameras} cameras: {@link #IN_FLIGHT}
     * shared among them, at least 2 each (8 for one camera, 4 each for two, 2 each for four or
     * more). With 8 each, four file cameras ran no faster on two cores but took 340 MB instead of
     * 220 MB and four times the end-to-end latency: a file is read as fast as there is room, so
     * every frame in flight is a frame waiting (latency = frames in flight / FPS), and the
     * runtime keeps up to a ring's worth of frame objects per camera.
     *
     * @param cameras the run's cameras, at least 1
     * @return the bound per camera
     */
    static int defaultInFlight(int cameras) {
        return Math.max(2, (IN_FLIGHT + cameras - 1) / cameras);
    }

    /** Copies the cameras. */
    CameraOptions {
        cameras = List.copyOf(cameras);
    }

    /**
     * The sources as the user gave them, for the console: {@code spec}, or {@code name=spec, ...}
     * with several cameras.
     *
     * @return the text
     */
    String source() {
        if (cameras.size() == 1) {
            return cameras.get(0).spec();
        }
        StringJoiner all = new StringJoiner(", ");
        cameras.forEach(c -> all.add(c.name() + "=" + c.spec()));
        return all.toString();
    }

    /** The same input cut to the warm-up's frames, without outputs. */
    CameraOptions warmUp() {
        long n = frames < 0 ? warmup : Math.min(frames, warmup);
        return new CameraOptions(cameras, mode, n, null, null, cvThreads, width, height, seed, 0, inFlight, settings, ground);
    }

    /**
     * Parses and checks the flags. Replicas default to 2 where a stage works (YOLOX, the shape
     * classifier, a renderer that draws a video or a live view) and to 1 where it has nothing to
     * do (labelling blobs "object" without a model, rendering with {@code --out none} and no
     * {@code --serve}): an idle replica is one more thread on the machine's cores, for every run.
     *
     * @param f the flags
     * @return the options
     * @throws IllegalArgumentException naming the flag that is wrong and what it needs
     */
    static CameraOptions of(Flags f) {
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
        List<Camera> cameras = Camera.of(f.getAll("source"));
        boolean footage = cameras.stream().anyMatch(c -> Sources.isFootage(c.spec()));
        GroundPlane ground = f.has("ground") ? GroundPlane.parse(f.get("ground", ""))
                : footage ? FOOTAGE_GROUND : SyntheticSource.ground(height);
        long seed = f.getInt("seed", 7);
        Path model = f.has("model") ? Path.of(f.get("model", "")) : null;
        if (model != null && !Files.isRegularFile(model)) {
            throw new IllegalArgumentException("--model " + model + ": no such file; pass YOLOX-Nano's ONNX file, e.g."
                    + " --model ../shared/data/models/yolox_nano.onnx (coco.names beside it)");
        }
        if (model == null && (f.has("model-input") || f.has("min-score"))) {
            throw new IllegalArgumentException("--model-input and --min-score need --model FILE.onnx");
        }
        int input = positive(f, "model-input", Yolox.DEFAULT_INPUT);
        if (input % 32 != 0) {
            throw new IllegalArgumentException("--model-input must be a multiple of 32 (e.g. 320, 416, 640), was " + input);
        }
        double score = number(f, "min-score", Yolox.DEFAULT_SCORE);
        if (!(score > 0 && score <= 1)) {
            throw new IllegalArgumentException("--min-score must be in (0, 1], was " + score);
        }
        boolean yolox = model != null || footage;
        Path faces = faceModel(f);
        if (faces != null && yolox) {
            throw new IllegalArgumentException("--face-model works with the shape classifier only (synthetic sources"
                    + " only, without --model)");
        }
        VisionPipeline.Settings settings = new VisionPipeline.Settings(number(f, "detect-scale", 0.5), seed,
                positive(f, "size-replicas", 1), positive(f, "classifier-replicas", yolox && model == null ? 1 : 2),
                positive(f, "render-replicas", f.has("serve") || !f.get("out", DEFAULT_OUT).equals("none") ? 2 : 1),
                faces, yolox, model, input, (float) score);
        long frames = f.getInt("frames", -1);
        if (f.has("frames") && frames < 1) {
            throw new IllegalArgumentException("--frames must be at least 1, was " + frames);
        }
        return new CameraOptions(cameras, mode, frames, out(f.get("out", DEFAULT_OUT)),
                f.has("report-json") ? Path.of(f.get("report-json", "")) : null, positive(f, "cv-threads", 1), width,
                height, seed, f.getInt("warmup", 30), positive(f, "in-flight", defaultInFlight(cameras.size())), settings,
                ground);
    }

    private static Path out(String name) {
        if (name.equals("none")) {
            return null;
        }
        String n = name.toLowerCase(Locale.ROOT);
        if (!n.endsWith(".mp4") && !n.endsWith(".mov") && !n.endsWith(".mkv") && !n.endsWith(".avi")) {
            throw new IllegalArgumentException("--out must end in .mp4, .mov or .mkv (H.264) or .avi (MJPEG), or be"
                    + " none, was '" + name + "'");
        }
        return Path.of(name);
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
