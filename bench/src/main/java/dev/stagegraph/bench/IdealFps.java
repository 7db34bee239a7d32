package dev.stagegraph.bench;

import dev.stagegraph.Pipeline;
import dev.stagegraph.Runner;
import dev.stagegraph.runtime.ParallelRunner;
import dev.stagegraph.runtime.SequentialRunner;
import dev.stagegraph.samples.diamond.SleepDiamond;
import dev.stagegraph.source.FrameSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.LongStream;

/**
 * Frame rate against the ideal bound, FPS_ideal = min(P / sum(c_i), min_i(r_i / c_i)), for stages
 * that wait ({@code sleep-diamond}, {@code sleep-diamond-replicated}: no P term) and stages that
 * compute ({@code cpu-diamond}: P = available processors). Sequential runs use the sequential
 * runner, parallel runs the parallel runner, both with their defaults; rates are steady-state
 * rates ({@link SteadyRate}).
 */
final class IdealFps {
    private IdealFps() {}

    /** The sample's sleep diamond, one instance per stage, then size ×2 and classifier ×3. */
    static List<Section> sleep() throws InterruptedException {
        double[] costs = {SleepDiamond.DETECTOR_MS, SleepDiamond.SIZE_MS, SleepDiamond.CLASSIFIER_MS,
            SleepDiamond.AGGREGATOR_MS};
        double sequential = fps(SequentialRunner.create(), SleepDiamond.pipeline(1, 1), 48);
        double parallel = fps(ParallelRunner.create(), SleepDiamond.pipeline(1, 1), 100);
        double replicated = fps(ParallelRunner.create(), SleepDiamond.pipeline(2, 3), 300);
        Section one = section("sleep-diamond", sequential, parallel, waitBound(costs, new int[] {1, 1, 1, 1}), costs,
                new int[] {1, 1, 1, 1}, 0.9, "sleep-diamond efficiency");
        Section three = section("sleep-diamond-replicated", sequential, replicated, waitBound(costs, new int[] {1, 2, 3, 1}),
                costs, new int[] {1, 2, 3, 1}, 0.9, "sleep-diamond-replicated efficiency (of its 200 FPS bound)");
        three.json().put("note", "sequential FPS is sleep-diamond's: replicas do not change a sequential run");
        return List.of(one, three);
    }

    /** The CPU-bound diamond, each stage's cost measured alone first. */
    static Section cpu() throws InterruptedException {
        CpuDiamond diamond = CpuDiamond.calibrate();
        double[] costs = diamond.measureMillis(8, 5);
        Pipeline<Long, Long> pipeline = diamond.pipeline();
        fps(SequentialRunner.create(), pipeline, 20);
        double sequential = fps(SequentialRunner.create(), pipeline, 300);
        fps(ParallelRunner.create(), pipeline, 40);
        OtherLoad others = OtherLoad.start();
        double parallel = fps(ParallelRunner.create(), pipeline, 600);
        double otherCores = others.coresSinceStart();
        int cores = Runtime.getRuntime().availableProcessors();
        int[] replicas = {1, 1, 1, 1};
        double sum = 0;
        for (double c : costs) {
            sum += c;
        }
        double bound = Math.min(cores * 1000 / sum, waitBound(costs, replicas));
        Section s = section("cpu-diamond", sequential, parallel, bound, costs, replicas, 0.85, "cpu-diamond efficiency");
        double boundOnCoresLeft = Math.min((cores - otherCores) * 1000 / sum, waitBound(costs, replicas));
        s.json().put("cores", cores).put("otherProcessesCores", otherCores)
                .put("efficiencyOnCoresLeft", parallel / boundOnCoresLeft);
        s.rows().add(String.format(Locale.ROOT, "  other processes kept %.2f of %d cores busy during the parallel run", otherCores,
                cores));
        return s;
    }

    /** min over stages of r_i / c_i, in frames per second, for costs in milliseconds. */
    private static double waitBound(double[] costsMillis, int[] replicas) {
        double bound = Double.MAX_VALUE;
        for (int i = 0; i < costsMillis.length; i++) {
            bound = Math.min(bound, replicas[i] * 1000 / costsMillis[i]);
        }
        return bound;
    }

    private static double fps(Runner runner, Pipeline<Long, ?> pipeline, int frames) throws InterruptedException {
        SteadyRate rate = new SteadyRate();
        runner.run(pipeline, FrameSource.of(LongStream.range(0, frames).boxed().toList()), rate);
        return rate.fps();
    }

    private static Section section(String name, double sequential, double parallel, double ideal, double[] costs,
            int[] replicas, double goal, String goalName) {
        JsonOut stageCosts = new JsonOut();
        JsonOut stageReplicas = new JsonOut();
        for (int i = 0; i < costs.length; i++) {
            stageCosts.put(CpuDiamond.STAGES[i], costs[i]);
            stageReplicas.put(CpuDiamond.STAGES[i], replicas[i]);
        }
        double efficiency = parallel / ideal;
        JsonOut json = new JsonOut().put("name", name)
                .put("fps", new JsonOut().put("sequential", sequential).put("parallel", parallel))
                .put("idealFps", ideal).put("parallelVsSequential", parallel / sequential).put("efficiency", efficiency)
                .put("stageCostsMillis", stageCosts).put("replicas", stageReplicas);
        List<String> rows = new ArrayList<>();
        rows.add(String.format(Locale.ROOT, "%s: sequential %.1f FPS, parallel %.1f FPS, ideal %.1f FPS", name, sequential,
                parallel, ideal));
        rows.add(String.format(Locale.ROOT, "  parallel/sequential %.2f, efficiency %.3f", parallel / sequential, efficiency));
        return new Section(json, rows, List.of(new Goal(goalName, efficiency, goal, true)));
    }
}
