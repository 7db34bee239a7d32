package dev.stagegraph.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code noop-diamond}: every {@link Competitor} on the no-op diamond. Each competitor runs in a
 * JVM of its own, as JMH forks do, so that no competitor's code is compiled with another's type
 * profile (the runners share classes, and so do the runtime and the hand-written Disruptor). A
 * pass starts one child JVM per competitor, in an order that rotates from pass to pass; a child
 * runs one warm-up round, then {@value #ROUNDS_PER_CHILD} measured rounds (see {@link #child}).
 * FPS is the median over all rounds of all passes; a ratio is taken within each pass, between
 * competitors measured seconds apart, and reported as the median over passes with its range.
 */
final class NoopComparison {
    /** Ring slots for every competitor: the Disruptor's producer parks on a full ring of 64. */
    static final int RING = 1024;
    static final int FRAMES = 300_000;
    static final int WARM_UP = 50_000;
    static final int PASSES = 3;
    static final int ROUNDS_PER_CHILD = 2;

    private final Map<Competitor, double[]> fps = new EnumMap<>(Competitor.class);
    private final Map<Competitor, double[]> bytes = new EnumMap<>(Competitor.class);
    private final Map<Competitor, double[]> cpu = new EnumMap<>(Competitor.class);
    private final Map<Competitor, double[]> passCpu = new EnumMap<>(Competitor.class);
    private final Map<Competitor, double[]> passFps = new EnumMap<>(Competitor.class);
    private long childCpuNanos;

    Section run() throws IOException, InterruptedException {
        Competitor[] all = Competitor.values();
        for (Competitor c : all) {
            fps.put(c, new double[PASSES * ROUNDS_PER_CHILD]);
            bytes.put(c, new double[PASSES * ROUNDS_PER_CHILD]);
            cpu.put(c, new double[PASSES * ROUNDS_PER_CHILD]);
            passCpu.put(c, new double[PASSES]);
            passFps.put(c, new double[PASSES]);
        }
        OtherLoad others = OtherLoad.start();
        for (int pass = 0; pass < PASSES; pass++) {
            for (int k = 0; k < all.length; k++) {
                Competitor c = all[Math.floorMod(k + pass * 3, all.length)];
                double[][] rounds = fork(c);
                for (int r = 0; r < ROUNDS_PER_CHILD; r++) {
                    fps.get(c)[pass * ROUNDS_PER_CHILD + r] = rounds[r][0];
                    bytes.get(c)[pass * ROUNDS_PER_CHILD + r] = rounds[r][1];
                    cpu.get(c)[pass * ROUNDS_PER_CHILD + r] = rounds[r][2];
                }
                passFps.get(c)[pass] = Stats.median(new double[] {rounds[0][0], rounds[1][0]});
                passCpu.get(c)[pass] = Stats.median(new double[] {rounds[0][2], rounds[1][2]});
            }
        }
        double otherCores = others.coresSinceStart(childCpuNanos);
        JsonOut fpsJson = new JsonOut();
        JsonOut nanosJson = new JsonOut();
        JsonOut bytesJson = new JsonOut();
        JsonOut cpuJson = new JsonOut();
        List<String> rows = new ArrayList<>();
        rows.add(String.format(Locale.ROOT, "noop-diamond: ring %d, %d frames a round, a JVM per competitor, median of %d rounds"
                + " in %d passes", RING, FRAMES, PASSES * ROUNDS_PER_CHILD, PASSES));
        for (Competitor c : all) {
            double f = Stats.median(fps.get(c));
            double b = Stats.median(bytes.get(c));
            fpsJson.put(c.key(), f);
            nanosJson.put(c.key(), 1e9 / f);
            bytesJson.put(c.key(), b);
            double cpuNanos = Stats.median(cpu.get(c));
            cpuJson.put(c.key(), cpuNanos);
            rows.add(String.format(Locale.ROOT, "  %-20s %12.0f FPS %9.1f ns/frame %9.1f CPU ns/frame %9.1f B/frame  (FPS %.0f..%.0f)",
                    c.key(), f, 1e9 / f, cpuNanos, b, Stats.min(fps.get(c)), Stats.max(fps.get(c))));
        }
        rows.add(String.format(Locale.ROOT, "  other processes kept %.2f of %d cores busy meanwhile", otherCores,
                Runtime.getRuntime().availableProcessors()));
        JsonOut json = new JsonOut().put("name", "noop-diamond").put("ring", RING).put("frames", FRAMES)
                .put("passes", PASSES).put("roundsPerPass", ROUNDS_PER_CHILD).put("otherProcessesCores", otherCores)
                .put("fps", fpsJson).put("nanosPerFrame", nanosJson).put("cpuNanosPerFrame", cpuJson);
        JsonOut ranges = new JsonOut();
        ratio(json, ranges, rows, "runtimeVsDisruptor", Competitor.RUNTIME, Competitor.DISRUPTOR);
        ratio(json, ranges, rows, "runtimeWithMetricsVsDisruptor", Competitor.RUNTIME_WITH_METRICS, Competitor.DISRUPTOR);
        ratio(json, ranges, rows, "runtimeDefaultWaitVsDisruptor", Competitor.RUNTIME_DEFAULT_WAIT, Competitor.DISRUPTOR);
        ratio(json, ranges, rows, "runtimeDefaultsVsDisruptor", Competitor.RUNTIME_DEFAULTS, Competitor.DISRUPTOR);
        ratio(json, ranges, rows, "runtimeVsFutures", Competitor.RUNTIME, Competitor.FUTURES);
        ratio(json, ranges, rows, "runtimeDefaultsVsFutures", Competitor.RUNTIME_DEFAULTS, Competitor.FUTURES);
        ratio(json, ranges, rows, "sequentialRunnerVsSequential", Competitor.SEQUENTIAL_RUNNER, Competitor.SEQUENTIAL);
        ratio(json, ranges, rows, "sequentialRunnerVsLoop", Competitor.SEQUENTIAL_RUNNER, Competitor.STAGE_LOOP);
        ratio(json, ranges, rows, "sequentialRunnerVsLoopNoClock", Competitor.SEQUENTIAL_RUNNER, Competitor.STAGE_LOOP_NO_CLOCK);
        double[] byCpu = new double[PASSES];
        for (int i = 0; i < PASSES; i++) {
            byCpu[i] = passCpu.get(Competitor.STAGE_LOOP)[i] / passCpu.get(Competitor.SEQUENTIAL_RUNNER)[i];
        }
        json.put("sequentialRunnerVsLoopCpu", Stats.median(byCpu));
        ranges.put("sequentialRunnerVsLoopCpu", new JsonOut().put("min", Stats.min(byCpu)).put("max", Stats.max(byCpu)));
        rows.add(String.format(Locale.ROOT, "  %-30s %6.2f  (passes %.2f..%.2f; the loop's CPU time a frame over the runner's)",
                "sequentialRunnerVsLoopCpu", Stats.median(byCpu), Stats.min(byCpu), Stats.max(byCpu)));
        json.put("ratioRanges", ranges);
        json.put("allocBytesPerFrame", Stats.median(bytes.get(Competitor.RUNTIME))).put("allocBytesPerFrameBy", bytesJson);
        List<Goal> goals = new ArrayList<>();
        goals.add(new Goal("runtimeVsDisruptor", medianRatio(Competitor.RUNTIME, Competitor.DISRUPTOR), 0.9, true));
        goals.add(new Goal("runtimeWithMetricsVsDisruptor",
                medianRatio(Competitor.RUNTIME_WITH_METRICS, Competitor.DISRUPTOR), 0.6, true));
        goals.add(new Goal("runtimeVsFutures", medianRatio(Competitor.RUNTIME, Competitor.FUTURES), 5, true));
        goals.add(new Goal("sequentialRunnerVsLoop", medianRatio(Competitor.SEQUENTIAL_RUNNER, Competitor.STAGE_LOOP), 0.5, true));
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
        rows.add(String.format(Locale.ROOT, "  %-30s %6.2f  (passes %.2f..%.2f)", name, median, Stats.min(r), Stats.max(r)));
    }

    private double medianRatio(Competitor a, Competitor b) {
        return Stats.median(ratios(a, b));
    }

    private double[] ratios(Competitor a, Competitor b) {
        double[] r = new double[PASSES];
        for (int i = 0; i < PASSES; i++) {
            r[i] = passFps.get(a)[i] / passFps.get(b)[i];
        }
        return r;
    }

    /** Runs {@link #child} for {@code c} in a new JVM with this one's class path; returns its rounds. */
    private double[][] fork(Competitor c) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), BenchMain.class.getName(),
                BenchMain.NOOP_CHILD, c.key()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<double[]> rounds = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                String[] f = line.trim().split(" ");
                if (f[0].equals("cpu")) {
                    childCpuNanos += Long.parseLong(f[1]);
                } else {
                    rounds.add(new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2])});
                }
            }
        }
        if (p.waitFor() != 0 || rounds.size() != ROUNDS_PER_CHILD) {
            throw new IllegalStateException(c.key() + ": the child JVM exited with " + p.exitValue() + " after "
                    + rounds.size() + " rounds");
        }
        return rounds.toArray(new double[0][]);
    }

    /**
     * The child JVM's part: a warm-up round, then {@value #ROUNDS_PER_CHILD} measured rounds, each
     * printed as {@code "<frames per second> <bytes per frame> <CPU nanoseconds per frame>"}, then {@code "cpu <nanoseconds>"},
     * the CPU time the child used, so the parent does not count it as other processes' load. A
     * round starts the competitor,
     * pushes {@value #WARM_UP} frames, measures one batch of {@value #FRAMES} (time, and the bytes
     * its threads and the driving thread allocated, and the CPU time they used, according to
     * ThreadMXBean), and stops it. CPU time tells a single-threaded competitor's cost apart from the
     * time the neighbours' processes took its core.
     */
    static void child(String key) {
        Competitor c = Competitor.named(key);
        measure(c, WARM_UP);
        for (int r = 0; r < ROUNDS_PER_CHILD; r++) {
            double[] m = measure(c, FRAMES);
            System.out.println(JsonOut.number(m[0]) + " " + JsonOut.number(m[1]) + " " + JsonOut.number(m[2]));
        }
        System.out.println("cpu " + OtherLoad.processCpuNanos());
    }

    private static double[] measure(Competitor c, int frames) {
        try (Harness h = c.start(RING)) {
            h.run(WARM_UP);
            List<Thread> threads = new ArrayList<>(h.threads());
            threads.add(Thread.currentThread());
            long bytes0 = Threads.allocatedBytes(threads);
            long cpu0 = Threads.cpuNanos(threads);
            long t0 = System.nanoTime();
            h.run(frames);
            long t1 = System.nanoTime();
            long cpu1 = Threads.cpuNanos(threads);
            long bytes1 = Threads.allocatedBytes(threads);
            return new double[] {frames * 1e9 / (t1 - t0), (double) (bytes1 - bytes0) / frames, (double) (cpu1 - cpu0) / frames};
        } catch (Exception e) {
            throw new IllegalStateException(c.key() + " failed", e);
        }
    }
}
