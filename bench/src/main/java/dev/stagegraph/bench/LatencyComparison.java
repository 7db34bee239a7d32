package dev.stagegraph.bench;

import com.lmax.disruptor.SleepingWaitStrategy;
import dev.stagegraph.FrameSink;
import dev.stagegraph.report.Latency;
import dev.stagegraph.runtime.ParallelRunner;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;

/**
 * {@code noop-diamond-latency}: end-to-end latency of the no-op diamond at a fixed input rate far
 * below saturation ({@value #FPS} frames a second), so each frame meets an idle pipeline and the
 * latency is that of waking the stages up one after another; from the moment the source hands a
 * frame over to its in-order delivery. Each competitor first runs {@value #WARM_UP} paced frames
 * that are not recorded. The competitors take turns for {@value #REPEATS} runs of {@value #FRAMES}
 * frames; each percentile is the median over the runs, with its range, because on a shared
 * machine one run's p99 is mostly the scheduler. {@code latencyP50VsFutures} is the runtime's p50
 * (its defaults) over the futures' p50 within each run, the median over the runs: the goal
 * is a ratio of at most 1.
 */
final class LatencyComparison {
    static final double FPS = 1000;
    static final int FRAMES = 1000;
    static final int REPEATS = 3;
    static final int WARM_UP = 200;

    private LatencyComparison() {}

    static Section run() throws Exception {
        Map<String, Callable<Latency>> competitors = new LinkedHashMap<>();
        ParallelRunner defaults = ParallelRunner.builder().build();
        ParallelRunner sleeping = ParallelRunner.builder().waitStrategy(SleepingWaitStrategy::new).build();
        competitors.put("runtime", () -> runtime(defaults, FRAMES));
        competitors.put("runtimeSleepingWait", () -> runtime(sleeping, FRAMES));
        competitors.put("futures", () -> futures(FRAMES));
        runtime(defaults, WARM_UP);
        runtime(sleeping, WARM_UP);
        futures(WARM_UP);
        Map<String, Latency[]> runs = new LinkedHashMap<>();
        competitors.keySet().forEach(name -> runs.put(name, new Latency[REPEATS]));
        for (int r = 0; r < REPEATS; r++) {
            for (Map.Entry<String, Callable<Latency>> c : competitors.entrySet()) {
                runs.get(c.getKey())[r] = c.getValue().call();
            }
        }
        List<String> rows = new ArrayList<>();
        rows.add(String.format(Locale.ROOT, "noop-diamond-latency: %.0f frames/s, %d runs of %d frames, end to end in ms"
                + " (median of runs, range)", FPS, REPEATS, FRAMES));
        JsonOut latencies = new JsonOut();
        for (Map.Entry<String, Latency[]> e : runs.entrySet()) {
            latencies.put(e.getKey(), summarise(e.getKey(), e.getValue(), rows));
        }
        double[] ratios = new double[REPEATS];
        for (int r = 0; r < REPEATS; r++) {
            ratios[r] = (double) runs.get("runtime")[r].p50Nanos() / runs.get("futures")[r].p50Nanos();
        }
        double ratio = Stats.median(ratios);
        rows.add(String.format(Locale.ROOT, "  %-20s %7.2f  (runs %.2f..%.2f)", "latencyP50VsFutures", ratio, Stats.min(ratios),
                Stats.max(ratios)));
        JsonOut json = new JsonOut().put("name", "noop-diamond-latency").put("inputFps", FPS).put("frames", FRAMES)
                .put("runs", REPEATS).put("latencyMillis", latencies).put("latencyP50VsFutures", ratio)
                .put("latencyP50VsFuturesRange", new JsonOut().put("min", Stats.min(ratios)).put("max", Stats.max(ratios)));
        return new Section(json, rows, List.of(new Goal("latencyP50VsFutures", ratio, 1, false)));
    }

    private static Latency runtime(ParallelRunner runner, int frames) throws InterruptedException {
        return runner.run(NoopGraphs.diamond("latency"), new PacedSource(FPS, frames), FrameSink.discard()).endToEnd();
    }

    private static Latency futures(int frames) throws InterruptedException {
        try (FuturesDiamond futures = new FuturesDiamond(NoopGraphs.DEFAULT_RING, true)) {
            futures.run(frames, new Pacer(FPS));
            Histogram h = futures.latency();
            return new Latency(h.getTotalCount(), h.getValueAtPercentile(50), h.getValueAtPercentile(95),
                    h.getValueAtPercentile(99), h.getMaxValue());
        }
    }

    private static JsonOut summarise(String name, Latency[] runs, List<String> rows) {
        double[] p50 = new double[runs.length];
        double[] p99 = new double[runs.length];
        double[] max = new double[runs.length];
        for (int i = 0; i < runs.length; i++) {
            p50[i] = runs[i].p50Nanos() / 1e6;
            p99[i] = runs[i].p99Nanos() / 1e6;
            max[i] = runs[i].maxNanos() / 1e6;
        }
        rows.add(String.format(Locale.ROOT, "  %-20s p50 %7.3f (%.3f..%.3f)  p99 %7.3f (%.3f..%.3f)  max %7.3f", name,
                Stats.median(p50), Stats.min(p50), Stats.max(p50), Stats.median(p99), Stats.min(p99), Stats.max(p99),
                Stats.median(max)));
        return new JsonOut().put("p50", Stats.median(p50)).put("p99", Stats.median(p99)).put("max", Stats.median(max))
                .put("p99Range", new JsonOut().put("min", Stats.min(p99)).put("max", Stats.max(p99)));
    }
}
