package dev.stagegraph.samples.diamond;

import dev.stagegraph.FrameSink;
import dev.stagegraph.FrameSource;
import dev.stagegraph.Pipeline;
import dev.stagegraph.RunReport;
import dev.stagegraph.Runner;
import dev.stagegraph.runtime.ParallelRunner;
import dev.stagegraph.runtime.SequentialRunner;
import dev.stagegraph.samples.Comparison;
import dev.stagegraph.samples.Flags;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;

/**
 * {@code diamond}: runs {@link SleepDiamond} sequentially, then in parallel, and prints both reports
 * and the speed-up against the ideal bound.
 */
public final class DiamondSample {
    private DiamondSample() {}

    /**
     * Runs the sample.
     *
     * @param args {@code --frames N}, {@code --size-replicas N}, {@code --classifier-replicas N},
     *     {@code --mode sequential|parallel|compare}, {@code --report-json FILE}
     * @return the process exit status
     * @throws Exception if a run fails
     */
    public static int run(String[] args) throws Exception {
        Flags flags;
        try {
            flags = Flags.parse(args, Set.of("frames", "size-replicas", "classifier-replicas", "mode", "report-json", "help?"));
        } catch (IllegalArgumentException e) {
            System.err.println("diamond: " + e.getMessage());
            return 2;
        }
        if (flags.has("help")) {
            System.out.println("diamond [--frames 200] [--size-replicas 1] [--classifier-replicas 1]"
                    + " [--mode compare|sequential|parallel] [--report-json FILE]");
            return 0;
        }
        int frames = flags.getInt("frames", 200);
        int sizeReplicas = flags.getInt("size-replicas", 1);
        int classifierReplicas = flags.getInt("classifier-replicas", 1);
        String mode = flags.get("mode", "compare");
        Pipeline<Long, String> pipeline = SleepDiamond.pipeline(sizeReplicas, classifierReplicas);
        List<Runner> runners = new ArrayList<>();
        if (!mode.equals("parallel")) {
            runners.add(SequentialRunner.create());
        }
        if (!mode.equals("sequential")) {
            runners.add(ParallelRunner.create());
        }
        List<RunReport> reports = new ArrayList<>();
        for (Runner runner : runners) {
            List<Long> input = LongStream.range(0, frames).boxed().toList();
            RunReport report = runner.run(pipeline, FrameSource.of(input), FrameSink.discard());
            System.out.println(report.toTable());
            reports.add(report);
        }
        Comparison comparison = new Comparison(reports, idealSpeedup(sizeReplicas, classifierReplicas));
        if (!comparison.summary().isEmpty()) {
            System.out.println(comparison.summary());
        }
        if (flags.has("report-json")) {
            comparison.write(Path.of(flags.get("report-json", "")));
        }
        return 0;
    }

    /** Sleeping stages wait rather than compute, so the bound has no core term: min over stages of r / c. */
    static double idealSpeedup(int sizeReplicas, int classifierReplicas) {
        double sequentialMs = SleepDiamond.DETECTOR_MS + SleepDiamond.SIZE_MS + SleepDiamond.CLASSIFIER_MS
                + SleepDiamond.AGGREGATOR_MS;
        double slowestMs = Math.max(Math.max(SleepDiamond.DETECTOR_MS, SleepDiamond.AGGREGATOR_MS),
                Math.max((double) SleepDiamond.SIZE_MS / sizeReplicas, (double) SleepDiamond.CLASSIFIER_MS / classifierReplicas));
        return sequentialMs / slowestMs;
    }
}
