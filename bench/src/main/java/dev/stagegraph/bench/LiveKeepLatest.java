package dev.stagegraph.bench;

import dev.stagegraph.FrameContext;
import dev.stagegraph.FrameSink;
import dev.stagegraph.JoinStage;
import dev.stagegraph.Pipeline;
import dev.stagegraph.PipelineBuilder;
import dev.stagegraph.Port;
import dev.stagegraph.Stage;
import dev.stagegraph.report.RunReport;
import dev.stagegraph.runtime.ParallelRunner;
import dev.stagegraph.source.FrameSource;
import dev.stagegraph.source.LivePolicy;
import java.util.List;
import java.util.Locale;

/**
 * {@code live-keep-latest}: a simulated camera delivering {@value #CAMERA_FPS} frames a second for
 * {@value #SECONDS} seconds into a diamond of sleeping stages that manages about 33 (the classifier
 * takes {@value #SLOWEST_MS} ms), run with {@link LivePolicy#KEEP_LATEST} and
 * {@value #MAX_IN_FLIGHT} frames in flight. Reports the end-to-end latency from capture to the
 * sink against the bound {@code maxInFlight × slowest stage}, and the four outcome counts, which
 * must add up to the frames captured.
 *
 * <p>That bound is the time a frame spends in a full pipeline whose slowest stage is always busy.
 * The frame fed when room appears was captured up to one camera period earlier, so the JSON also
 * gives the bound plus one camera period, which is what the p99 should be compared with.
 */
final class LiveKeepLatest {
    static final double CAMERA_FPS = 100;
    static final int SECONDS = 3;
    static final int MAX_IN_FLIGHT = 2;
    static final int SLOWEST_MS = 30;
    private static final int[] STAGE_MS = {5, 10, SLOWEST_MS, 2};

    private LiveKeepLatest() {}

    static Section run() throws InterruptedException {
        ParallelRunner runner = ParallelRunner.builder().livePolicy(LivePolicy.KEEP_LATEST).maxInFlight(MAX_IN_FLIGHT)
                .build();
        long frames = Math.round(CAMERA_FPS * SECONDS);
        RunReport report = runner.run(pipeline(), new PacedSource(CAMERA_FPS, frames, true), FrameSink.discard());
        double p99 = report.endToEnd().p99Nanos() / 1e6;
        double bound = MAX_IN_FLIGHT * (double) SLOWEST_MS;
        double boundWithCapture = bound + 1000 / CAMERA_FPS;
        long outcomes = report.completed() + report.failed() + report.dropped() + report.aborted();
        JsonOut json = new JsonOut().put("name", "live-keep-latest").put("cameraFps", CAMERA_FPS)
                .put("pipelineBoundFps", 1000.0 / SLOWEST_MS).put("maxInFlight", MAX_IN_FLIGHT)
                .put("latencyP50Millis", report.endToEnd().p50Nanos() / 1e6).put("latencyP99Millis", p99)
                .put("latencyMaxMillis", report.endToEnd().maxNanos() / 1e6).put("latencyBoundMillis", bound)
                .put("latencyBoundWithCaptureAgeMillis", boundWithCapture)
                .put("captured", report.framesIn()).put("completed", report.completed()).put("failed", report.failed())
                .put("dropped", report.dropped()).put("aborted", report.aborted()).put("fps", report.fps())
                .put("countsAddUp", outcomes == report.framesIn());
        List<String> rows = List.of(
                String.format(Locale.ROOT, "live-keep-latest: %.0f FPS camera into a %.0f FPS diamond, %d in flight",
                        CAMERA_FPS, 1000.0 / SLOWEST_MS, MAX_IN_FLIGHT),
                String.format(Locale.ROOT, "  capture to sink p50 %.1f ms, p99 %.1f ms, max %.1f ms; bound %.0f ms"
                        + " (%.0f ms with the capture age)", report.endToEnd().p50Nanos() / 1e6, p99,
                        report.endToEnd().maxNanos() / 1e6, bound, boundWithCapture),
                String.format(Locale.ROOT, "  captured %d = completed %d + failed %d + dropped %d + aborted %d (%s)",
                        report.framesIn(), report.completed(), report.failed(), report.dropped(), report.aborted(),
                        outcomes == report.framesIn() ? "adds up" : "DOES NOT ADD UP"));
        return new Section(json, rows, List.of(new Goal("live-keep-latest latencyP99Millis (1.5 x bound)", p99, 1.5 * bound, false),
                new Goal("live-keep-latest |outcomes - captured|", Math.abs(outcomes - report.framesIn()), 0, false)));
    }

    private static Pipeline<Value, Long> pipeline() {
        PipelineBuilder<Value> b = Pipeline.builder("live");
        Port<Long> detections = b.stage("detector", b.source(), () -> new Sleep<Value>(STAGE_MS[0]));
        Port<Long> sizes = b.stage("size", detections, () -> new Sleep<Long>(STAGE_MS[1]));
        Port<Long> labels = b.stage("classifier", detections, () -> new Sleep<Long>(STAGE_MS[2]));
        return b.build(b.join("aggregator", sizes, labels, () -> new SleepJoin(STAGE_MS[3])));
    }

    /** Sleeps a fixed time per frame: a stage that waits (I/O, a remote model). */
    private static final class Sleep<I> implements Stage<I, Long> {
        private final int millis;

        Sleep(int millis) {
            this.millis = millis;
        }

        @Override
        public Long process(I input, FrameContext ctx) throws InterruptedException {
            long frame = ctx.number();
            Thread.sleep(millis);
            return frame;
        }
    }

    /** Sleeps, then joins both branches. */
    private static final class SleepJoin implements JoinStage<Long, Long, Long> {
        private final int millis;

        SleepJoin(int millis) {
            this.millis = millis;
        }

        @Override
        public Long process(Long size, Long label, FrameContext ctx) throws InterruptedException {
            long frame = ctx.number();
            Thread.sleep(millis);
            return size + label;
        }
    }
}
