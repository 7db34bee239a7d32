package dev.stagegraph.samples.camera;

import dev.stagegraph.FrameSink;
import dev.stagegraph.runtime.ParallelRunner;
import dev.stagegraph.source.Feed;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The camera pipeline's steady aggregate frame rate over several synthetic 640x360 cameras (the
 * shape classifier graph, {@code --out none}), on the parallel runner (one pipeline over every
 * camera, as {@code camera --source ...} runs it) and on the Flink runner (a local mini cluster, one
 * split per camera, as {@code camera --runner flink} runs it), for bench's {@code flink-cameras-4}.
 * Steady means frames over the time from the first result to the last, so neither the stages'
 * opening nor the mini cluster's start counts. Each call runs to the end on the calling thread's
 * behalf; calls must not overlap (they share the machine's cores).
 */
public final class CameraThroughput {
    /** The synthetic frames' width. */
    public static final int WIDTH = 640;
    /** The synthetic frames' height. */
    public static final int HEIGHT = 360;

    private CameraThroughput() {}

    /** The command line's job for {@code count} cameras: its default frames in flight per camera among them. */
    private static CameraJob job(int count, long frames) {
        GroundPlane ground = SyntheticSource.ground(HEIGHT);
        return new CameraJob(0.5, 7, 1, 2, 1, null, false, null, Yolox.DEFAULT_INPUT, Yolox.DEFAULT_SCORE, ground.horizonRow(),
                ground.cameraHeight(), frames, WIDTH, HEIGHT, 1, CameraOptions.defaultInFlight(count));
    }

    /** The cameras: {@code synthetic:1}, {@code synthetic:2}, ... */
    private static List<Camera> cameras(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("at least one camera, got " + count);
        }
        List<String> specs = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            specs.add("synthetic:" + i);
        }
        return Camera.of(specs);
    }

    /**
     * The parallel runner's steady aggregate FPS: one pipeline over {@code count} cameras of
     * {@code frames} frames each, in this process.
     *
     * @param count the cameras, at least 1
     * @param frames frames per camera, at least 2
     * @return frames per second over all cameras
     * @throws InterruptedException if the calling thread was interrupted
     * @throws IllegalStateException if a frame did not come through
     */
    public static double parallel(int count, long frames) throws InterruptedException {
        CameraJob job = job(count, frames);
        OpenCv.threads(1);
        List<Camera> cameras = cameras(count);
        List<Feed<Frame>> feeds = new ArrayList<>();
        List<dev.stagegraph.samples.camera.Feed> sources = new ArrayList<>();
        for (Camera c : cameras) {
            dev.stagegraph.samples.camera.Feed source = job.source(c.spec());
            sources.add(source);
            feeds.add(Feed.<Frame>of(source).named(c.name()));
        }
        AtomicLong done = new AtomicLong();
        long[] span = {Long.MAX_VALUE, Long.MIN_VALUE};
        FrameSink<Frame, Annotated> sink = outcome -> {
            long now = System.nanoTime();
            outcome.result();
            done.incrementAndGet();
            span[0] = Math.min(span[0], now);
            span[1] = Math.max(span[1], now);
        };
        try {
            ParallelRunner.builder().ringSize(Integer.highestOneBit(job.inFlight() * count) * 2)
                    .maxInFlight(job.inFlight()).build().run(job.pipeline(), feeds, sink, job.params());
        } finally {
            sources.forEach(dev.stagegraph.samples.camera.Feed::releaseFrames);
        }
        return steady(done.get(), count * frames, span[0], span[1]);
    }

    /**
     * The Flink runner's steady aggregate FPS: {@code count} cameras of {@code frames} frames each on
     * a local mini cluster with {@code parallelism} readers.
     *
     * @param count the cameras, at least 1
     * @param frames frames per camera, at least 2
     * @param parallelism the readers
     * @return frames per second over all cameras
     * @throws Exception if the job fails
     */
    public static double flink(int count, long frames, int parallelism) throws Exception {
        FlinkCommand.check();
        FlinkCamera.Run run = FlinkCamera.run(job(count, frames), cameras(count), parallelism);
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (CameraTotalsSink.Totals t : run.cameras().values()) {
            first = Math.min(first, t.firstNanos());
            last = Math.max(last, t.lastNanos());
        }
        return steady(run.frames(), count * frames, first, last);
    }

    private static double steady(long done, long expected, long first, long last) {
        if (done != expected || last <= first) {
            throw new IllegalStateException("expected " + expected + " results, got " + done);
        }
        return (done - 1) * 1e9 / (last - first);
    }
}
