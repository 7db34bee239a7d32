package dev.stagegraph.bench;

import dev.stagegraph.runtime.ParallelRunner;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Scale: nanoseconds per frame of no-op chains and fans run by the parallel runner with its
 * defaults, with timing on (the default) and off (one JMH operation is one frame). Divide by the
 * stage count for the cost per stage and frame: it should stay flat as the graph grows.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
public class ScaleBenchmark {
    /** Frames per invocation. */
    static final int FRAMES = 16_384;

    /** The graph: {@code chain-N} or {@code fan-N}. */
    @Param({"chain-1", "chain-4", "chain-16", "chain-64", "fan-2", "fan-8", "fan-32"})
    public String shape;

    /** Whether the runner times every call, as it does by default. */
    @Param({"true", "false"})
    public boolean timing;

    private Harness harness;

    /** Creates the state; JMH sets the parameter. */
    public ScaleBenchmark() {}

    /** Starts the pipeline once per trial. */
    @Setup(Level.Trial)
    public void start() {
        ParallelRunner runner = ParallelRunner.builder().ringSize(NoopGraphs.DEFAULT_RING).timing(timing).build();
        harness = new RunnerHarness(runner, NoopGraphs.shape(shape));
    }

    /**
     * Pushes a batch of frames through the graph.
     *
     * @return the checksum, consumed by JMH
     * @throws Exception if the run failed
     */
    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public long frames() throws Exception {
        return harness.run(FRAMES);
    }

    /** Stops the pipeline and joins its threads. */
    @TearDown(Level.Trial)
    public void stop() {
        harness.close();
    }
}
