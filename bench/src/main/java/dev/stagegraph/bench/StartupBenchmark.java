package dev.stagegraph.bench;

import dev.stagegraph.FrameSink;
import dev.stagegraph.Pipeline;
import dev.stagegraph.report.RunReport;
import dev.stagegraph.runtime.ParallelRunner;
import dev.stagegraph.source.FrameSource;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Start-up: one whole run of a single frame through no-op chains and fans with the parallel
 * runner's defaults: make the ring and the threads, open every stage (in parallel), take the frame
 * through, drain, join every thread. Microseconds per run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
public class StartupBenchmark {
    /** The graph: {@code chain-N} or {@code fan-N}. */
    @Param({"chain-1", "chain-4", "chain-16", "chain-64", "fan-2", "fan-8", "fan-32"})
    public String shape;

    private final ParallelRunner runner = ParallelRunner.builder().ringSize(NoopGraphs.DEFAULT_RING).build();
    private final List<Value> oneFrame = List.of(new Value());
    private Pipeline<Value, Value> pipeline;

    /** Creates the state; JMH sets the parameter. */
    public StartupBenchmark() {}

    /** Builds the pipeline; building is not part of start-up. */
    @Setup(Level.Trial)
    public void build() {
        pipeline = NoopGraphs.shape(shape);
    }

    /**
     * Runs the pipeline over one frame.
     *
     * @return the report, consumed by JMH
     * @throws InterruptedException never, in practice
     */
    @Benchmark
    public RunReport startRunStop() throws InterruptedException {
        return runner.run(pipeline, FrameSource.of(oneFrame), FrameSink.discard());
    }
}
