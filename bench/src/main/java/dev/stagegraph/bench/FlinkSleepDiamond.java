package dev.stagegraph.bench;

import dev.stagegraph.Execution;
import dev.stagegraph.FrameSink;
import dev.stagegraph.Pipeline;
import dev.stagegraph.flink.FlinkRunner;
import dev.stagegraph.flink.NamedSource;
import dev.stagegraph.runtime.ParallelRunner;
import dev.stagegraph.samples.diamond.SleepDiamond;
import dev.stagegraph.source.FrameSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * {@code flink-sleep-diamond}: the sleep diamond (size x2, classifier x3) over 1 and 2 sources of
 * the same frames, run in one process by the parallel runner (one execution per source, all at
 * once), by the Flink runner on a local mini cluster (one reader per source, the graph inside it),
 * and as one Flink operator per stage ({@link PerStageDiamond}). It prints each one's steady frame
 * rate (frames over the time from the first result to the last, so start-up is left out), its wall
 * time with start-up, the process's CPU time per frame, and the ratios to the parallel runner
 * ({@code vsParallelRunner}); a short parallel run warms the JVM up first. The per-stage design runs once more with a 640x480 BGR image's bytes
 * on each frame, which is what its network would carry for a vision graph.
 */
final class FlinkSleepDiamond {
    private FlinkSleepDiamond() {}

    static Pipeline<Long, String> pipeline() {
        return SleepDiamond.pipeline(2, 3);
    }

    static FrameSource<Long> frames(int n) {
        List<Long> frames = new ArrayList<>(n);
        for (long i = 0; i < n; i++) {
            frames.add(i);
        }
        return FrameSource.of(frames);
    }

    /**
     * Runs the comparison: {@code [--frames N]} per source (default 600); {@code --machine} prints
     * one line per source count for {@link FlinkQuick}: {@code sources K <fps and wall of each>}.
     */
    static int main(String[] args) throws Exception {
        MachineArgs flags = MachineArgs.parse(args, 600, "flink-sleep-diamond");
        if (flags == null) {
            return 2;
        }
        int n = flags.frames();
        boolean machine = flags.machine();
        parallel(1, 100);
        for (int k : new int[] {1, 2}) {
            double[] parallel = parallel(k, n);
            double[] flink = flink(k, n);
            double[] perStage = perStage(k, n, 0);
            double[] perStageImage = perStage(k, n, VGA_BGR);
            if (machine) {
                System.out.printf(Locale.ROOT, "sources %d %f %f %f %f %f %f %f %f%n", k, parallel[0], parallel[1], flink[0], flink[1],
                        perStage[0], perStage[1], perStageImage[0], perStageImage[1]);
                continue;
            }
            System.out.printf(Locale.ROOT, "flink-sleep-diamond sources=%d frames/source=%d%n"
                    + "  parallelRunner     %6.1f fps  wall %5.2f s  cpu %5.2f ms/frame%n"
                    + "  flinkRunner        %6.1f fps  wall %5.2f s  cpu %5.2f ms/frame  vsParallelRunner=%.2f%n"
                    + "  perStageOperators  %6.1f fps  wall %5.2f s  cpu %5.2f ms/frame  vsParallelRunner=%.2f%n"
                    + "  perStage+VGA image %6.1f fps  wall %5.2f s  cpu %5.2f ms/frame  vsParallelRunner=%.2f%n", k, n,
                    parallel[0], parallel[1], parallel[2], flink[0], flink[1], flink[2], flink[0] / parallel[0],
                    perStage[0], perStage[1], perStage[2], perStage[0] / parallel[0],
                    perStageImage[0], perStageImage[1], perStageImage[2], perStageImage[0] / parallel[0]);
        }
        return 0;
    }

    /** A 640x480 BGR image's bytes, what an OpenCV Mat frame would cross the network as. */
    private static final int VGA_BGR = 640 * 480 * 3;

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double[] result(long count, long first, long last, long start, long cpuStart, long expected) {
        if (count != expected) {
            throw new IllegalStateException("expected " + expected + " results, got " + count);
        }
        return new double[] {(count - 1) * 1e9 / (last - first), (System.nanoTime() - start) / 1e9,
            (cpuNanos() - cpuStart) / 1e6 / count};
    }

    private static double[] parallel(int k, int n) throws Exception {
        AtomicLong count = new AtomicLong();
        AtomicLong first = new AtomicLong(Long.MAX_VALUE);
        AtomicLong last = new AtomicLong(Long.MIN_VALUE);
        FrameSink<Long, String> sink = outcome -> {
            long now = System.nanoTime();
            outcome.result();
            count.incrementAndGet();
            first.accumulateAndGet(now, Math::min);
            last.accumulateAndGet(now, Math::max);
        };
        long start = System.nanoTime();
        long cpu = cpuNanos();
        List<Execution<Long>> runs = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            runs.add(ParallelRunner.create().start(pipeline(), frames(n), sink));
        }
        for (Execution<Long> run : runs) {
            try (run) {
                run.await();
            }
        }
        return result(count.get(), first.get(), last.get(), start, cpu, (long) k * n);
    }

    private static StreamExecutionEnvironment env(int parallelism) {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        return StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
    }

    private static double[] flink(int k, int n) throws Exception {
        List<NamedSource<Long>> sources = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            sources.add(NamedSource.of("cam" + i, () -> frames(n)));
        }
        TimingSink<dev.stagegraph.flink.FrameResult<String>> sink = new TimingSink<>();
        long start = System.nanoTime();
        long cpu = cpuNanos();
        FlinkRunner.builder().parallelism(k).build().run(env(k), FlinkSleepDiamond::pipeline, sources, Types.STRING, sink);
        long[] s = sink.stats();
        return result(s[0], s[1], s[2], start, cpu, (long) k * n);
    }

    private static double[] perStage(int k, int n, int imageBytes) throws Exception {
        StreamExecutionEnvironment env = env(3 * k);
        TimingSink<org.apache.flink.api.java.tuple.Tuple3<String, Long, Long>> sink = new TimingSink<>();
        PerStageDiamond.build(env, k, n, imageBytes).sinkTo(sink).setParallelism(k);
        long start = System.nanoTime();
        long cpu = cpuNanos();
        env.execute("per-stage sleep diamond");
        long[] s = sink.stats();
        return result(s[0], s[1], s[2], start, cpu, (long) k * n);
    }
}
