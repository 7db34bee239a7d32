package dev.stagegraph.bench;

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
 * Framework overhead: the no-op diamond run by each {@link Competitor}, in nanoseconds per frame
 * (one JMH operation is one frame; an invocation pushes {@value #FRAMES} frames and waits for the
 * last). The competitor starts once per trial, so its threads exist before the first iteration and
 * {@code -prof gc}'s {@code gc.alloc.rate.norm} is bytes allocated per frame by every thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class NoopDiamondBenchmark {
    /** Frames per invocation: large enough that filling and draining the pipeline costs a few ns a frame. */
    static final int FRAMES = 65_536;

    /** Which competitor runs the diamond. */
    @Param({"runtime", "runtimeWithMetrics", "runtimeDefaultWait", "runtimeDefaults", "disruptor", "futures",
            "sequential", "stageLoop", "stageLoopNoClock",
            "sequentialRunner"})
    public String competitor;

    /**
     * Ring slots of the runtime and the hand-written Disruptor, and the futures' frames in flight.
     * 1024 by default; 64 is the runtime's default, where the Disruptor's producer parks whenever
     * the ring is full.
     */
    @Param({"1024"})
    public int ring;

    private Harness harness;

    /** Creates the state; JMH sets the parameter. */
    public NoopDiamondBenchmark() {}

    /** Starts the competitor once per trial. */
    @Setup(Level.Trial)
    public void start() {
        harness = Competitor.named(competitor).start(ring);
    }

    /**
     * Pushes a batch of frames through the diamond.
     *
     * @return the checksum, consumed by JMH
     * @throws Exception if the competitor failed
     */
    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public long frames() throws Exception {
        return harness.run(FRAMES);
    }

    /** Stops the competitor and joins its threads. */
    @TearDown(Level.Trial)
    public void stop() {
        harness.close();
    }
}
