package dev.stagegraph.samples.diamond;

import dev.stagegraph.FrameSink;
import dev.stagegraph.Pipeline;
import dev.stagegraph.Runner;
import dev.stagegraph.report.PipelineGraph;
import dev.stagegraph.report.RunReport;
import dev.stagegraph.runtime.ParallelRunner;
import dev.stagegraph.runtime.SequentialRunner;
import dev.stagegraph.samples.Comparison;
import dev.stagegraph.samples.Flags;
import dev.stagegraph.samples.SampleRun;
import dev.stagegraph.source.FrameSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
            flags = Flags.parse(args, Set.of("frames", "size-replicas", "classifier-replicas", "mode", "report-json", "trace", "graph",
                    "quiet?", "help?"));
        } catch (IllegalArgumentException e) {
            System.err.println("diamond: " + e.getMessage());
            return 2;
        }
        if (flags.has("help")) {
            System.out.println("diamond [--frames 200] [--size-replicas 1] [--classifier-replicas 1]"
                    + " [--mode compare|sequential|parallel] [--report-json FILE] [--trace FILE.json] [--graph FILE.dot] [--quiet]");
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
            ParallelRunner.Builder parallel = ParallelRunner.builder();
            if (flags.has("trace")) {
                parallel.trace(Path.of(flags.get("trace", "")), 500);
            }
            runners.add(parallel.build());
        }
        List<RunReport> reports = new ArrayList<>();
        for (Runner runner : runners) {
            List<Long> input = LongStream.range(0, frames).boxed().toList();
            reports.add(SampleRun.run(runner, pipeline, FrameSource.of(input), FrameSink.discard(), Map.of(), flags.has("quiet"),
                    r -> System.out.println(r.toTable())));
        }
        Comparison comparison = Comparison.of(reports);
        if (!comparison.summary().isEmpty()) {
            System.out.println(comparison.summary());
        }
        if (flags.has("report-json")) {
            comparison.write(Path.of(flags.get("report-json", "")));
        }
        if (flags.has("graph")) {
            RunReport last = reports.get(reports.size() - 1);
            Files.writeString(Path.of(flags.get("graph", "")), PipelineGraph.toDot(pipeline, last));
        }
        return 0;
    }
}
