package dev.stagegraph.bench;

import dev.stagegraph.Batch;
import dev.stagegraph.BatchStage;
import dev.stagegraph.Pipeline;
import dev.stagegraph.PipelineBuilder;
import dev.stagegraph.Port;
import dev.stagegraph.StageContext;
import dev.stagegraph.StageOptions;
import dev.stagegraph.report.RunReport;
import dev.stagegraph.report.StageReport;
import dev.stagegraph.runtime.ParallelRunner;
import dev.stagegraph.source.FrameSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.dnn.Dnn;
import org.opencv.dnn.Net;
import org.opencv.imgproc.Imgproc;
import org.opencv.videoio.VideoCapture;

/**
 * {@code batched-dnn}: YOLOX-Nano (the camera sample's detector) as a batch stage with
 * {@code maxBatch} 1, 2, 4 and 8, on frames of the pedestrian clip scaled to 320x320. A batch call
 * is one {@code Net.forward} on {@code Dnn.blobFromImages} of its frames. Per size: three runs
 * from a file-like source, the sizes interleaved round by round, so load from other processes
 * hits them alike (the ring stays full, so batches fill at once: the median is the throughput), and one
 * paced at half the {@code maxBatch 1} throughput (frames arrive one by one: the latency the wait
 * adds, with {@code maxDelay} {@value #MAX_DELAY_MS} ms). It also checks, on two different frames,
 * whether this OpenCV build's batched output equals the per-frame outputs: for YOLOX-Nano's ONNX
 * export it does not (the export reshapes with a fixed batch of 1, so a batch's rows mix its
 * frames), so the figures are the cost of the forward pass, not usable detections. Runs in this
 * JVM, last, with OpenCV's own thread pool on every core. Skipped, with a note, without the model
 * or the clip.
 */
final class BatchedDnn {
    static final String MODEL = "../shared/data/models/yolox_nano.onnx";
    private static final int SIDE = 320;
    private static final int FRAMES = 24;
    private static final int ROUNDS = 3;
    private static final int PACED_FRAMES = 16;
    private static final long MAX_DELAY_MS = 50;
    private static final int[] SIZES = {1, 2, 4, 8};

    private BatchedDnn() {}

    /** The detector's forward pass on a batch; each frame's result is the number of output rows it got. */
    static final class Detector implements BatchStage<Mat, Integer> {
        private final Path model;
        private final List<Mat> images = new ArrayList<>();
        private Net net;

        Detector(Path model) {
            this.model = model;
        }

        @Override
        public void open(StageContext context) {
            net = Dnn.readNetFromONNX(model.toString());
            Mat warm = new Mat(SIDE, SIDE, CvType.CV_8UC3, Scalar.all(114));
            for (int n : SIZES) {
                List<Mat> same = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    same.add(warm);
                }
                forward(same).release();
            }
            warm.release();
        }

        Mat forward(List<Mat> frames) {
            Mat blob = Dnn.blobFromImages(frames, 1.0, new Size(SIDE, SIDE), new Scalar(0, 0, 0), false, false);
            try {
                net.setInput(blob);
                return net.forward();
            } finally {
                blob.release();
            }
        }

        @Override
        public void process(Batch<Mat, Integer> batch) {
            images.clear();
            for (int i = 0; i < batch.size(); i++) {
                images.add(batch.input(i));
            }
            Mat out = forward(images);
            int rows = out.size(1) / batch.size();
            out.release();
            images.clear();
            for (int i = 0; i < batch.size(); i++) {
                batch.result(i, rows);
            }
        }
    }

    /** The frames, cycled; paced (one every {@code intervalNanos}) when the interval is positive. */
    static final class Frames implements FrameSource<Mat> {
        private final List<Mat> frames;
        private final int length;
        private final long intervalNanos;
        private long start;
        private int n;

        Frames(List<Mat> frames, int length, long intervalNanos) {
            this.frames = frames;
            this.length = length;
            this.intervalNanos = intervalNanos;
        }

        @Override
        public Mat next(Mat reuse) throws InterruptedException {
            if (n == length) {
                return null;
            }
            if (intervalNanos > 0) {
                if (n == 0) {
                    start = System.nanoTime();
                }
                long wait = start + n * intervalNanos - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
            return frames.get(n++ % frames.size());
        }
    }

    static Section run() throws InterruptedException {
        Path model = Path.of(System.getProperty("stagegraph.yolox", MODEL)).toAbsolutePath().normalize();
        Path clip = Path.of(System.getProperty("stagegraph.pedestrians", CameraPedestrians.CLIP)).toAbsolutePath().normalize();
        if (!Files.isReadable(model) || !Files.isReadable(clip)) {
            String note = "skipped: needs " + model + " and " + clip + " (pass -Dstagegraph.yolox=FILE, -Dstagegraph.pedestrians=FILE)";
            return new Section(new JsonOut().put("name", "batched-dnn").put("skipped", true).put("note", note),
                    List.of("batched-dnn: " + note), List.of());
        }
        nu.pattern.OpenCV.loadLocally();
        List<Mat> frames = decode(clip, 16);
        boolean batchIsPerFrame = batchEqualsSingles(model, frames.get(0), frames.get(8));
        List<String> rows = new ArrayList<>();
        rows.add(String.format(Locale.ROOT, "batched-dnn: YOLOX-Nano %dx%d, OpenCV threads %d; batched output equals per-frame output: %s",
                SIDE, SIDE, Core.getNumThreads(), batchIsPerFrame));
        rows.add(String.format(Locale.ROOT, "  %8s %9s %9s %10s | paced %6s %9s %9s %9s %9s", "maxBatch", "FPS", "vs 1",
                "ms/frame", "FPS", "mean bat", "wait p50", "wait p99", "e2e p99"));
        double[][] fps = new double[SIZES.length][ROUNDS];
        double[][] msPerFrame = new double[SIZES.length][ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
            for (int k = 0; k < SIZES.length; k++) {
                RunReport full = run(model, SIZES[k], new Frames(frames, FRAMES, 0));
                fps[k][round] = full.fps();
                msPerFrame[k][round] = full.stages().get(0).meanNanos() / 1e6;
            }
        }
        double base = median(fps[0]);
        double pacedFps = base / 2;
        List<JsonOut> sizes = new ArrayList<>();
        for (int k = 0; k < SIZES.length; k++) {
            int m = SIZES[k];
            RunReport paced = run(model, m, new Frames(frames, PACED_FRAMES, Math.round(1e9 / pacedFps)));
            StageReport ps = paced.stages().get(0);
            double f = median(fps[k]);
            sizes.add(new JsonOut().put("maxBatch", m).put("fps", f).put("fpsRounds", java.util.Arrays.toString(fps[k]))
                    .put("vsMaxBatch1", f / base).put("msPerFrame", median(msPerFrame[k])).put("pacedFps", pacedFps)
                    .put("pacedMeanBatch", ps.batch().meanSize()).put("pacedWaitP50Ms", ps.batch().batchWait().p50Nanos() / 1e6)
                    .put("pacedWaitP99Ms", ps.batch().batchWait().p99Nanos() / 1e6)
                    .put("pacedEndToEndP50Ms", paced.endToEnd().p50Nanos() / 1e6)
                    .put("pacedEndToEndP99Ms", paced.endToEnd().p99Nanos() / 1e6));
            rows.add(String.format(Locale.ROOT, "  %8d %9.2f %9.2f %10.1f | %12.2f %9.2f %9.1f %9.1f %9.1f", m, f, f / base,
                    median(msPerFrame[k]), pacedFps, ps.batch().meanSize(), ps.batch().batchWait().p50Nanos() / 1e6,
                    ps.batch().batchWait().p99Nanos() / 1e6, paced.endToEnd().p99Nanos() / 1e6));
        }
        frames.forEach(Mat::release);
        JsonOut json = new JsonOut().put("name", "batched-dnn").put("model", model.getFileName().toString()).put("input", SIDE)
                .put("openCvThreads", Core.getNumThreads()).put("frames", FRAMES).put("rounds", ROUNDS).put("pacedFrames", PACED_FRAMES)
                .put("maxDelayMs", MAX_DELAY_MS).put("batchOutputEqualsPerFrame", batchIsPerFrame).put("sizes", sizes);
        return new Section(json, rows, List.of());
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static RunReport run(Path model, int maxBatch, Frames source) throws InterruptedException {
        PipelineBuilder<Mat> b = Pipeline.builder("batched-dnn-" + maxBatch);
        Port<Integer> out = b.batch("yolox", b.source(), () -> new Detector(model),
                StageOptions.defaults().maxBatch(maxBatch).maxDelay(Duration.ofMillis(MAX_DELAY_MS)));
        return ParallelRunner.builder().ringSize(16).build().run(b.build(out), source, o -> {});
    }

    private static List<Mat> decode(Path clip, int count) {
        VideoCapture capture = new VideoCapture(clip.toString());
        List<Mat> frames = new ArrayList<>();
        try {
            Mat frame = new Mat();
            while (frames.size() < count && capture.read(frame)) {
                Mat small = new Mat();
                Imgproc.resize(frame, small, new Size(SIDE, SIDE));
                frames.add(small);
                for (int skip = 0; skip < 10; skip++) {
                    capture.grab();
                }
            }
            frame.release();
        } finally {
            capture.release();
        }
        if (frames.isEmpty()) {
            throw new IllegalStateException("no frame could be read from " + clip);
        }
        return frames;
    }

    /** Whether one forward pass on {@code [a, b]} gives each frame the output it gets alone. */
    private static boolean batchEqualsSingles(Path model, Mat a, Mat b) {
        Detector d = new Detector(model);
        d.net = Dnn.readNetFromONNX(model.toString());
        float[] alone = floats(d.forward(List.of(a)));
        float[] second = floats(d.forward(List.of(b)));
        float[] both = floats(d.forward(List.of(a, b)));
        if (both.length != alone.length + second.length) {
            return false;
        }
        for (int i = 0; i < alone.length; i++) {
            if (Math.abs(alone[i] - both[i]) > 1e-3 || Math.abs(second[i] - both[alone.length + i]) > 1e-3) {
                return false;
            }
        }
        return true;
    }

    private static float[] floats(Mat out) {
        float[] f = new float[(int) out.total()];
        Mat flat = out.reshape(1, (int) out.total());
        flat.get(0, 0, f);
        flat.release();
        out.release();
        return f;
    }
}
