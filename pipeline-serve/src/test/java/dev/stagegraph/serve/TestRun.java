package dev.stagegraph.serve;

import dev.stagegraph.Execution;
import dev.stagegraph.FrameContext;
import dev.stagegraph.FrameSink;
import dev.stagegraph.Pipeline;
import dev.stagegraph.PipelineBuilder;
import dev.stagegraph.Port;
import dev.stagegraph.StageOptions;
import dev.stagegraph.runtime.ParallelRunner;
import dev.stagegraph.source.FrameSource;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;

/**
 * A small real pipeline for the tests: a diamond that paints each frame number into a 160x120
 * image, computes a checksum beside it, joins both into a caption, and JPEG-encodes the result
 * with ImageIO, run by the parallel runner with a Prometheus registry. The sink offers every JPEG
 * to a {@link JpegStream} and counts down latches as frames complete.
 */
final class TestRun {
    static final String NAME = "live-test";

    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final JpegStream stream = new JpegStream();
    final Pipeline<Long, byte[]> pipeline = pipeline();
    final AtomicLong completed = new AtomicLong();
    private final CountDownLatch[] marks;
    private final long[] at;

    /**
     * A run to start.
     *
     * @param marks frame counts at which {@link #awaitCompleted} waits can return, ascending
     */
    TestRun(long... marks) {
        this.at = marks.clone();
        this.marks = new CountDownLatch[marks.length];
        for (int i = 0; i < marks.length; i++) {
            this.marks[i] = new CountDownLatch(1);
        }
    }

    /** Starts the run over {@code frames} frames (a file-like source: backpressure, no drops). */
    Execution<Long> start(long frames) {
        FrameSink<Long, byte[]> sink = o -> {
            stream.offer(o.result());
            long n = completed.incrementAndGet();
            for (int i = 0; i < at.length; i++) {
                if (n == at[i]) {
                    marks[i].countDown();
                }
            }
        };
        return ParallelRunner.builder().meterRegistry(registry).build().start(pipeline, numbers(frames), sink);
    }

    /** Waits until mark {@code i}'s count of frames completed, at most 60 s; {@code false} if it did not. */
    boolean awaitCompleted(int i) throws InterruptedException {
        return marks[i].await(60, java.util.concurrent.TimeUnit.SECONDS);
    }

    static Pipeline<Long, byte[]> pipeline() {
        PipelineBuilder<Long> b = Pipeline.builder(NAME);
        Port<BufferedImage> painted = b.stage("paint", b.source(), () -> (Long n, FrameContext frame) -> paint(n));
        Port<Long> checksum = b.stage("checksum", b.source(), () -> (Long n, FrameContext frame) -> Long.rotateLeft(n * 0x9E3779B97F4A7C15L, 7));
        Port<BufferedImage> captioned = b.join("caption", painted, checksum, () -> (BufferedImage img, Long sum, FrameContext frame) -> {
            Graphics2D g = img.createGraphics();
            g.setColor(Color.YELLOW);
            g.drawString(Long.toHexString(sum), 8, 110);
            g.dispose();
            return img;
        });
        Port<byte[]> jpeg = b.stage("encode", captioned, () -> (BufferedImage img, FrameContext frame) -> encode(img),
                StageOptions.defaults().replicas(2));
        return b.build(jpeg);
    }

    static FrameSource<Long> numbers(long frames) {
        return new FrameSource<>() {
            private long next;

            @Override
            public Long next(Long reuse) {
                return next < frames ? next++ : null;
            }

            @Override
            public long length() {
                return frames;
            }
        };
    }

    private static BufferedImage paint(long n) {
        BufferedImage img = new BufferedImage(160, 120, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color((int) (n * 5 % 255), 60, 120));
        g.fillRect(0, 0, 160, 120);
        g.setColor(Color.WHITE);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 28));
        g.drawString(Long.toString(n), 10, 60);
        g.fillOval((int) (n % 140), 80, 16, 16);
        g.dispose();
        return img;
    }

    private static byte[] encode(BufferedImage img) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        try {
            if (!ImageIO.write(img, "jpg", out)) {
                throw new IllegalStateException("this JDK has no JPEG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
