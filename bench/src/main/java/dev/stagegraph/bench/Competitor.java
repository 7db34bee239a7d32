package dev.stagegraph.bench;

import com.lmax.disruptor.SleepingWaitStrategy;
import dev.stagegraph.runtime.ParallelRunner;
import dev.stagegraph.runtime.SequentialRunner;
import java.util.function.IntFunction;

/**
 * The ways of running the no-op diamond that the benchmarks compare. Each is started with a ring
 * size: the runtime's and the hand-written Disruptor's ring, and the futures' bound on frames in
 * flight; the sequential competitors have one frame in flight and ignore it.
 */
enum Competitor {
    /** The parallel runner with the Disruptor's sleeping wait strategy (as the hand-written one), timing off. */
    RUNTIME("runtime", ring -> runtime(ParallelRunner.builder().waitStrategy(SleepingWaitStrategy::new).timing(false), ring)),
    /** As {@link #RUNTIME}, with per-stage and end-to-end timing on. */
    RUNTIME_WITH_METRICS("runtimeWithMetrics",
            ring -> runtime(ParallelRunner.builder().waitStrategy(SleepingWaitStrategy::new).timing(true), ring)),
    /** The parallel runner with its own default wait strategy, timing off. */
    RUNTIME_DEFAULT_WAIT("runtimeDefaultWait", ring -> runtime(ParallelRunner.builder().timing(false), ring)),
    /** The parallel runner with its defaults (its wait strategy, timing on) but the given ring size. */
    RUNTIME_DEFAULTS("runtimeDefaults", ring -> runtime(ParallelRunner.builder(), ring)),
    /** The hand-written Disruptor program. */
    DISRUPTOR("disruptor", DisruptorDiamond::new),
    /** {@code CompletableFuture}s on a two-thread pool. */
    FUTURES("futures", ring -> new FuturesDiamond(ring, false)),
    /** A plain loop on one thread, the stages' arithmetic inlined. */
    SEQUENTIAL("sequential", ring -> new SequentialLoop()),
    /** A hand-written loop calling the same stage objects through their interfaces, with a frame context and its take time. */
    STAGE_LOOP("stageLoop", ring -> new StageLoop(true)),
    /** As {@link #STAGE_LOOP}, without reading the clock for the take time. */
    STAGE_LOOP_NO_CLOCK("stageLoopNoClock", ring -> new StageLoop(false)),
    /** The project's sequential runner, timing off. */
    SEQUENTIAL_RUNNER("sequentialRunner", ring -> new RunnerHarness(SequentialRunner.create(false),
            NoopGraphs.diamond("noop-diamond")));

    private final String key;
    private final IntFunction<Harness> factory;

    Competitor(String key, IntFunction<Harness> factory) {
        this.key = key;
        this.factory = factory;
    }

    private static Harness runtime(ParallelRunner.Builder builder, int ring) {
        return new RunnerHarness(builder.ringSize(ring).build(), NoopGraphs.diamond("noop-diamond"));
    }

    /** The name used in JMH parameters and in the JSON. */
    String key() {
        return key;
    }

    /**
     * Starts a new harness.
     *
     * @param ring ring slots, a power of two up to {@link NoopGraphs#MAX_RING}
     */
    Harness start(int ring) {
        if (ring > NoopGraphs.MAX_RING || Integer.bitCount(ring) != 1) {
            throw new IllegalArgumentException("ring must be a power of two up to " + NoopGraphs.MAX_RING + ", was " + ring);
        }
        return factory.apply(ring);
    }

    /** The competitor with that {@link #key()}. */
    static Competitor named(String key) {
        for (Competitor c : values()) {
            if (c.key.equals(key)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown competitor '" + key + "'");
    }
}
