package dev.stagegraph.samples.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagegraph.FrameSink;
import dev.stagegraph.Param;
import dev.stagegraph.Pipeline;
import dev.stagegraph.Runner;
import dev.stagegraph.report.RunReport;
import dev.stagegraph.runtime.ParallelRunner;
import dev.stagegraph.runtime.SequentialRunner;
import dev.stagegraph.source.FrameSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;

class RunnersTest {
    private static final int WIDTH = 320;
    private static final int HEIGHT = 240;

    @BeforeAll
    static void natives() {
        OpenCv.load();
    }

    private static Pipeline<Frame, Annotated> pipeline(int replicas) {
        return VisionPipeline.build(new VisionPipeline.Settings(0.5, 1, replicas, replicas, replicas, null, false, null,
                Yolox.DEFAULT_INPUT, Yolox.DEFAULT_SCORE));
    }

    /** The calibration of the synthetic floor, and a caption that turns rendering on (or none). */
    private static Map<Param<?>, ?> params(String caption) {
        return Map.of(SizeEstimator.GROUND, SyntheticSource.ground(HEIGHT), Renderer.CAPTION, caption == null ? "" : caption);
    }

    /**
     * The results of a run, each with its annotated image's width read in the sink (the runtime
     * releases the image after the sink's call, so its {@code Mat} is empty afterwards).
     */
    private static List<Annotated> run(Runner runner, Pipeline<Frame, Annotated> pipeline) throws InterruptedException {
        List<Annotated> results = new ArrayList<>();
        List<Mat> images = new ArrayList<>();
        SyntheticSource source = new SyntheticSource(WIDTH, HEIGHT, 80, 4, 6, false);
        try {
            RunReport report = runner.run(pipeline, source, o -> {
                results.add(o.result());
                images.add(o.result().image());
                assertEquals(WIDTH, o.result().image().cols(), "frame " + o.frame().number() + " was rendered");
            }, params("test"));
            assertEquals(80, report.completed());
            assertTrue(images.stream().allMatch(Mat::empty), "the runtime released every annotated image after the sink");
        } finally {
            source.releaseFrames();
        }
        return results;
    }

    @Test
    void sequentialAndParallelShouldGiveTheSameResultsFrameByFrame() throws InterruptedException {
        Pipeline<Frame, Annotated> pipeline = pipeline(2);
        List<Annotated> sequential = run(SequentialRunner.create(), pipeline);
        List<Annotated> parallel = run(ParallelRunner.create(), pipeline);
        assertEquals(80, parallel.size());
        for (int i = 0; i < sequential.size(); i++) {
            assertEquals(sequential.get(i).result(), parallel.get(i).result(), "frame " + i);
        }
        FrameResult last = sequential.get(sequential.size() - 1).result();
        assertTrue(last.tally().tracks() >= 4 && !last.objects().isEmpty(), "the run saw objects: " + last);
    }

    /**
     * A live source much faster than the pipeline: the sink holds the first frame until the source
     * has captured ten, so with two frames in flight at most the rest must have been dropped.
     */
    @Test
    void liveSourceShouldDropFramesAndCountThem() throws InterruptedException {
        CountDownLatch captured = new CountDownLatch(10);
        SyntheticSource camera = new SyntheticSource(WIDTH, HEIGHT, 60, 4, 3, true);
        Counting source = new Counting(camera, captured);
        FrameSink<Frame, Annotated> sink = o -> {
            if (o.frame().number() == 0 && !captured.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the live source did not capture ten frames in 30 s");
            }
        };
        RunReport report;
        try {
            report = ParallelRunner.builder().ringSize(4).maxInFlight(2).build().run(pipeline(1), source, sink, params(null));
        } finally {
            camera.releaseFrames();
        }
        assertEquals(60, source.captured);
        assertEquals(60, report.framesIn());
        assertTrue(report.dropped() >= 8, "dropped " + report.dropped());
        assertEquals(source.captured, report.completed() + report.dropped(), report.toTable());
    }

    /** Counts what the source captured and tells a latch. */
    private static final class Counting implements FrameSource<Frame> {
        private final SyntheticSource source;
        private final CountDownLatch latch;
        private long captured;

        Counting(SyntheticSource source, CountDownLatch latch) {
            this.source = source;
            this.latch = latch;
        }

        @Override
        public void open() {
            source.open();
        }

        @Override
        public Frame next(Frame reuse) {
            Frame f = source.next(reuse);
            if (f != null) {
                captured++;
                latch.countDown();
            }
            return f;
        }

        @Override
        public boolean live() {
            return source.live();
        }

        @Override
        public void close() {
            source.close();
        }
    }
}
