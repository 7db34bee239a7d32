package dev.stagegraph.bench;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code noop-diamond}: every {@link Competitor} on the no-op diamond, side by side. One round
 * starts each competitor in turn (the order rotates from round to round), pushes a warm-up batch,
 * then measures one batch of {@value #FRAMES} frames: its frames per second, and the bytes its
 * threads and the driving thread allocated (ThreadMXBean). A first round only warms the JIT. A
 * ratio is taken within each round, between competitors measured seconds apart, and the median
 * over rounds is reported with its range.
 */
final class NoopComparison {
    /** Ring slots for every competitor: the Disruptor's producer parks on a full ring of 64. */
    static final int RING = 1024;
    static final int FRAMES = 500_000;
    static final int WARM_UP = 100_000;
    static final int ROUNDS = 5;

    private final Map<Competitor, double[]> fps = new EnumMap<>(Competitor.class);
    private final Map<Competitor, double[]> bytes = new EnumMap<>(Competitor.class);

    Section run() {
        Competitor[] all = Competitor.values();
        for (Competitor c : all) {
            fps.put(c, new double[ROUNDS]);
            bytes.put(c, new double[ROUNDS]);
        }
        OtherLoad others = null;
        for (int round = -1; round < ROUNDS; round++) {
            if (round == 0) {
                others = OtherLoad.start();
            }
            for (int k = 0; k < all.length; k++) {
                Competitor c = all[Math.floorMod(k + round, all.length)];
                double[] m = measure(c, round < 0 ? WARM_UP : FRAMES);
                if (round >= 0) {
                    fps.get(c)[round] = m[0];
                    bytes.get(c)[round] = m[1];
                }
            }
        }
        JsonOut fpsJson = new JsonOut();
        JsonOut nanosJson = new JsonOut();
        JsonOut bytesJson = new JsonOut();
        List<String> rows = new ArrayList<>();
        rows.add(String.format(Locale.ROOT, "noop-diamond: ring %d, %d frames a round, median of %d rounds", RING, FRAMES,
                ROUNDS));
        for (Competitor c : all) {
            double f = Stats.median(fps.get(c));
            double b = Stats.median(bytes.get(c));
            fpsJson.put(c.key(), f);
            nanosJson.put(c.key(), 1e9 / f);
            bytesJson.put(c.key(), b);
            rows.add(String.format(Locale.ROOT, "  %-20s %12.0f FPS %9.1f ns/frame %9.1f B/frame  (FPS %.0f..%.0f)",
                    c.key(), f, 1e9 / f, b, Stats.min(fps.get(c)), Stats.max(fps.get(c))));
        }
        double otherCores = others.coresSinceStart();
        rows.add(String.format(Locale.ROOT, "  other processes kept %.2f of %d cores busy meanwhile", otherCores,
                Runtime.getRuntime().availableProcessors()));
        JsonOut json = new JsonOut().put("name", "noop-diamond").put("ring", RING).put("frames", FRAMES)
                .put("rounds", ROUNDS).put("otherProcessesCores", otherCores).put("fps", fpsJson).put("nanosPerFrame", nanosJson);
        List<Goal> goals = new ArrayList<>();
        JsonOut ranges = new JsonOut();
        ratio(json, ranges, rows, "runtimeVsDisruptor", Competitor.RUNTIME, Competitor.DISRUPTOR);
        ratio(json, ranges, rows, "runtimeWithMetricsVsDisruptor", Competitor.RUNTIME_WITH_METRICS, Competitor.DISRUPTOR);
        ratio(json, ranges, rows, "runtimeDefaultWaitVsDisruptor", Competitor.RUNTIME_DEFAULT_WAIT, Competitor.DISRUPTOR);
        ratio(json, ranges, rows, "runtimeDefaultsVsDisruptor", Competitor.RUNTIME_DEFAULTS, Competitor.DISRUPTOR);
        ratio(json, ranges, rows, "runtimeVsFutures", Competitor.RUNTIME, Competitor.FUTURES);
        ratio(json, ranges, rows, "runtimeDefaultsVsFutures", Competitor.RUNTIME_DEFAULTS, Competitor.FUTURES);
        ratio(json, ranges, rows, "sequentialRunnerVsSequential", Competitor.SEQUENTIAL_RUNNER, Competitor.SEQUENTIAL);
        json.put("ratioRanges", ranges);
        double runtimeBytes = Stats.median(bytes.get(Competitor.RUNTIME));
        json.put("allocBytesPerFrame", runtimeBytes).put("allocBytesPerFrameBy", bytesJson);
        goals.add(new Goal("runtimeVsDisruptor", medianRatio(Competitor.RUNTIME, Competitor.DISRUPTOR), 0.9, true));
        goals.add(new Goal("runtimeWithMetricsVsDisruptor",
                medianRatio(Competitor.RUNTIME_WITH_METRICS, Competitor.DISRUPTOR), 0.6, true));
        goals.add(new Goal("runtimeVsFutures", medianRatio(Competitor.RUNTIME, Competitor.FUTURES), 5, true));
        double worstRuntimeBytes = 0;
        for (Competitor c : List.of(Competitor.RUNTIME, Competitor.RUNTIME_WITH_METRICS, Competitor.RUNTIME_DEFAULT_WAIT,
                Competitor.RUNTIME_DEFAULTS, Competitor.SEQUENTIAL_RUNNER)) {
            worstRuntimeBytes = Math.max(worstRuntimeBytes, Stats.median(bytes.get(c)));
        }
        goals.add(new Goal("allocBytesPerFrame (worst runner configuration)", worstRuntimeBytes, 0.01, false));
        return new Section(json, rows, goals);
    }

    private void ratio(JsonOut json, JsonOut ranges, List<String> rows, String name, Competitor a, Competitor b) {
        double[] r = ratios(a, b);
        double median = Stats.median(r);
        json.put(name, median);
        ranges.put(name, new JsonOut().put("min", Stats.min(r)).put("max", Stats.max(r)));
        rows.add(String.format(Locale.ROOT, "  %-30s %6.2f  (rounds %.2f..%.2f)", name, median, Stats.min(r), Stats.max(r)));
    }

    private double medianRatio(Competitor a, Competitor b) {
        return Stats.median(ratios(a, b));
    }

    private double[] ratios(Competitor a, Competitor b) {
        double[] r = new double[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            r[i] = fps.get(a)[i] / fps.get(b)[i];
        }
        return r;
    }

    /** Starts {@code c}, warms it up, measures one batch: {frames per second, bytes per frame}. */
    private static double[] measure(Competitor c, int frames) {
        try (Harness h = c.start(RING)) {
            h.run(WARM_UP);
            List<Thread> threads = new ArrayList<>(h.threads());
            threads.add(Thread.currentThread());
            long bytes0 = Threads.allocatedBytes(threads);
            long t0 = System.nanoTime();
            h.run(frames);
            long t1 = System.nanoTime();
            long bytes1 = Threads.allocatedBytes(threads);
            return new double[] {frames * 1e9 / (t1 - t0), (double) (bytes1 - bytes0) / frames};
        } catch (Exception e) {
            throw new IllegalStateException(c.key() + " failed", e);
        }
    }
}
