package dev.stagegraph.samples.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagegraph.Pipeline;
import dev.stagegraph.PipelineBuilder;
import dev.stagegraph.Port;
import dev.stagegraph.report.RunReport;
import dev.stagegraph.runtime.ParallelRunner;
import dev.stagegraph.source.FrameSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;

/**
 * Promise 7 on real OpenCV memory: a stage returns a new 320x240 {@code Mat} (225 KiB of native
 * memory) for each of 100,000 frames, 22 GB in all, and the port declares {@code Mat::release}.
 * The process's resident memory stays flat after warm-up, and every Mat made is released once.
 * (OpenCV's Java {@code Mat} is tiny on the Java heap, so without the release nothing would make
 * the garbage collector run its finalizers in time, and the native memory would pile up.)
 */
class NativeMemoryTest {
    private static final int FRAMES = 100_000;
    private static final int WARM_UP = 10_000;
    private static final long FLAT_BYTES = 96L << 20;

    @BeforeAll
    static void natives() {
        OpenCv.load();
    }

    /** One source Mat, refilled in place for every frame (the reuse protocol), released once at the end. */
    static final class MatFrames implements FrameSource<Mat> {
        final AtomicLong releases = new AtomicLong();
        private long n;

        @Override
        public Mat next(Mat reuse) {
            if (n == FRAMES) {
                return null;
            }
            Mat m = reuse != null ? reuse : new Mat(240, 320, CvType.CV_8UC3);
            m.setTo(Scalar.all(n++ % 256));
            return m;
        }

        @Override
        public void release(Mat frame) {
            releases.incrementAndGet();
            frame.release();
        }
    }

    static long rssBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) << 10;
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }

    @Test
    void nativeMemoryStaysFlat_over100000Frames_ofMatsReturnedByStages() throws Exception {
        AtomicLong made = new AtomicLong();
        AtomicLong released = new AtomicLong();
        PipelineBuilder<Mat> b = Pipeline.builder("mats");
        Port<Mat> copies = b.release(b.stage("copy", b.source(), () -> (in, f) -> {
            Mat out = new Mat();
            in.copyTo(out);
            made.incrementAndGet();
            return out;
        }, dev.stagegraph.StageOptions.defaults().replicas(2)), m -> {
            released.incrementAndGet();
            m.release();
        });
        Pipeline<Mat, Double> pipeline = b.build(b.map("mean", copies, m -> Core.mean(m).val[0]));
        long[] afterWarmUp = new long[1];
        MatFrames source = new MatFrames();
        RunReport report = ParallelRunner.builder().ringSize(16).build().run(pipeline, source, o -> {
            assertEquals(o.frame().number() % 256, o.result(), 1e-9, "frame " + o.frame().number());
            if (o.frame().number() == WARM_UP) {
                afterWarmUp[0] = rssBytes();
            }
        });
        long end = rssBytes();
        assertEquals(FRAMES, report.completed(), report.toTable());
        assertEquals(FRAMES, made.get());
        assertEquals(made.get(), released.get(), "every Mat a stage returned was released once");
        assertTrue(source.releases.get() >= 1 && source.releases.get() <= 16, "each source frame released once: " + source.releases);
        assertTrue(end - afterWarmUp[0] < FLAT_BYTES, String.format("resident memory grew by %.1f MB from frame %d to %d",
                (end - afterWarmUp[0]) / 1e6, WARM_UP, FRAMES));
    }
}
