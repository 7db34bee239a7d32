package dev.stagegraph.bench;

import com.lmax.disruptor.SleepingWaitStrategy;
import dev.stagegraph.FrameSink;
import dev.stagegraph.Latency;
import dev.stagegraph.RunReport;
import dev.stagegraph.runtime.ParallelRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * {@code noop-diamond-latency}: end-to-end latency of the no-op diamond at a fixed input rate far
 * below saturation ({@value #FPS} frames a second), so each frame meets an idle pipeline and the
 * latency is that of waking the stages up one after another. From the moment the source hands a
 * frame over to its in-order delivery. Each competitor first runs {@value #WARM_UP} paced frames
 * that are not recorded.
 */
final class LatencyComparison {
    static final double FPS = 1000;
    static final int FRAMES = 2000;
    static final int WARM_UP = 300;

    private LatencyComparison() {}

    static Section run() throws InterruptedException {
        List<String> rows = new ArrayList<>();
        rows.add(String.format(Locale.ROOT, "noop-diamond-latency: %.0f frames/s, %d frames, end to end (ms)", FPS, FRAMES));
        JsonOut latencies = new JsonOut();
        Latency runtime = runtime(ParallelRunner.builder().build());
        add(latencies, rows, "runtime", runtime);
        add(latencies, rows, "runtimeSleepingWait",
                runtime(ParallelRunner.builder().waitStrategy(SleepingWaitStrategy::new).build()));
        Latency futures = futures();
        add(latencies, rows, "futures", futures);
        JsonOut json = new JsonOut().put("name", "noop-diamond-latency").put("inputFps", FPS).put("frames", FRAMES)
                .put("latencyMillis", latencies);
        return new Section(json, rows, List.of());
    }

    private static Latency runtime(ParallelRunner runner) throws InterruptedException {
        runner.run(NoopGraphs.diamond("latency"), new PacedSource(FPS, WARM_UP), FrameSink.discard());
        RunReport report = runner.run(NoopGraphs.diamond("latency"), new PacedSource(FPS, FRAMES), FrameSink.discard());
        return report.endToEnd();
    }

    private static Latency futures() throws InterruptedException {
        try (FuturesDiamond futures = new FuturesDiamond(NoopGraphs.DEFAULT_RING, true)) {
            futures.run(WARM_UP, new Pacer(FPS));
            Histogram h = futures.latency();
            h.reset();
            futures.run(FRAMES, new Pacer(FPS));
            return new Latency(h.getTotalCount(), h.getValueAtPercentile(50), h.getValueAtPercentile(95),
                    h.getValueAtPercentile(99), h.getMaxValue());
        }
    }

    private static void add(JsonOut json, List<String> rows, String name, Latency l) {
        json.put(name, new JsonOut().put("count", l.count()).put("p50", l.p50Nanos() / 1e6).put("p99", l.p99Nanos() / 1e6)
                .put("max", l.maxNanos() / 1e6));
        rows.add(String.format(Locale.ROOT, "  %-20s p50 %7.3f  p99 %7.3f  max %7.3f", name, l.p50Nanos() / 1e6,
                l.p99Nanos() / 1e6, l.maxNanos() / 1e6));
    }
}
