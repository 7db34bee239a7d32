package dev.stagegraph.runtime;

import com.lmax.disruptor.WaitStrategy;
import dev.stagegraph.Execution;
import dev.stagegraph.FrameSink;
import dev.stagegraph.Param;
import dev.stagegraph.Pipeline;
import dev.stagegraph.Runner;
import dev.stagegraph.report.RunReport;
import dev.stagegraph.source.Feed;
import dev.stagegraph.source.FrameSource;
import dev.stagegraph.source.LivePolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The product: runs a pipeline on a Disruptor ring buffer with one thread per stage instance, so
 * independent branches of a frame run at the same time and successive frames are in different
 * stages at the same time. Results reach the sink in frame order. See {@link ParallelExecution}
 * for how it works.
 *
 * <p>Two kinds of stage get no thread of their own: an inline function
 * ({@link dev.stagegraph.PipelineBuilder#map}) runs on the thread of the stage it reads, and, when a
 * run has several sources and at least as many as the machine has cores, a {@linkplain
 * dev.stagegraph.StageOptions#perSource() per-source} stage that reads only the source (a camera's
 * background model, say) runs on its source's thread, right after each read: with that many
 * sources the cores are busy anyway, and a frame then crosses no thread before its first stage.
 * Such an instance is still opened, told of its source's end and closed on that one thread (its
 * source closes after it there, so a close that overruns the stop bound holds its source's up too),
 * and is reported like any other; a stage with a time limit or batches keeps its own thread, and
 * no stage leaves its thread when any source is not read under {@link LivePolicy#BLOCK}.
 *
 * <p>Immutable and thread-safe; each {@link #start} makes its own ring, threads and instances.
 *
 * <pre>{@code
 * Runner runner = ParallelRunner.builder().ringSize(64).build();
 * RunReport report = runner.run(pipeline, source, sink);
 * }</pre>
 */
public final class ParallelRunner implements Runner {
    private final RunConfig config;

    private ParallelRunner(RunConfig config) {
        this.config = config;
    }

    /**
     * A runner with the defaults: a ring of 64 slots, as many frames in flight, the runtime's
     * progress wait strategy (brief spin, then block; no busy-spinning), timing on.
     *
     * @return the runner
     */
    public static ParallelRunner create() {
        return builder().build();
    }

    /**
     * Starts configuring a runner.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String mode() {
        return "parallel";
    }

    @Override
    public <S, R> Execution<S> start(Pipeline<S, R> pipeline, FrameSource<S> source, FrameSink<? super S, ? super R> sink,
            Map<Param<?>, ?> params) {
        return start(pipeline, RunArguments.oneFeed(pipeline, source), sink, params);
    }

    /**
     * Starts a run over several sources: one ring with one producer per source (each source's
     * thread reads a frame, then claims a slot and publishes it), stages shared by every source,
     * each source's own numbers, bound and live policy, and its outcomes in its order. The ring is
     * enlarged, when needed, to hold every source's bound at once.
     */
    @Override
    public <S, R> Execution<S> start(Pipeline<S, R> pipeline, List<Feed<S>> feeds, FrameSink<? super S, ? super R> sink,
            Map<Param<?>, ?> params) {
        ParallelExecution<S, R> execution = new ParallelExecution<>(pipeline, RunArguments.feeds(pipeline, feeds, sink), sink, config,
                Param.check(params));
        execution.start();
        return execution;
    }

    /**
     * Runs over several sources until each has ended and every frame is through; an interrupt of
     * the caller aborts the run as in {@link #run(Pipeline, FrameSource, FrameSink, Map)}.
     */
    @Override
    public <S, R> RunReport run(Pipeline<S, R> pipeline, List<Feed<S>> feeds, FrameSink<? super S, ? super R> sink,
            Map<Param<?>, ?> params) throws InterruptedException {
        return awaitRun(start(pipeline, feeds, sink, params));
    }

    /**
     * Runs until the source ends and every frame is through, then closes the stages. If the
     * calling thread is interrupted while it waits, the run is aborted, bounded by the stop
     * timeout, and the {@link InterruptedException} is thrown.
     */
    @Override
    public <S, R> RunReport run(Pipeline<S, R> pipeline, FrameSource<S> source, FrameSink<? super S, ? super R> sink,
            Map<Param<?>, ?> params) throws InterruptedException {
        return awaitRun(start(pipeline, source, sink, params));
    }

    private <S> RunReport awaitRun(Execution<S> execution) throws InterruptedException {
        try {
            return execution.await();
        } catch (InterruptedException e) {
            execution.abort(config.stopTimeout());
            throw e;
        } finally {
            execution.close();
        }
    }

    /** Configures a {@link ParallelRunner}. Not thread-safe. */
    public static final class Builder extends RunnerBuilder<Builder> {
        private int ringSize = 64;
        private int maxInFlight;
        private int fuseFromSources = Runtime.getRuntime().availableProcessors();
        private LivePolicy livePolicy = LivePolicy.DROP_NEWEST;
        private Supplier<? extends WaitStrategy> waitStrategy = ProgressWaitStrategy::new;
        private Duration stopTimeout = Duration.ofSeconds(5);
        private Duration stallTimeout = Duration.ofSeconds(10);
        private Builder() {}

        @Override
        Builder self() {
            return this;
        }

        /**
         * The number of frame slots in the ring: a power of two. More slots absorb more jitter
         * between stages; each slot keeps one frame object alive for reuse.
         *
         * @param slots a power of two, at least 2
         * @return this builder
         * @throws IllegalArgumentException if {@code slots} is not a power of two of at least 2
         */
        public Builder ringSize(int slots) {
            if (slots < 2 || Integer.bitCount(slots) != 1) {
                throw new IllegalArgumentException("ringSize must be a power of two of at least 2, was " + slots
                        + "; try " + Math.max(2, Integer.highestOneBit(Math.max(1, slots)) << 1));
            }
            this.ringSize = slots;
            return this;
        }

        /**
         * The most frames between the source and the sink at once, independent of the ring's size:
         * a bound on latency. A recorded source waits when it is reached; a live source drops.
         *
         * @param frames from 1 to the ring size; 0 means the ring size
         * @return this builder
         * @throws IllegalArgumentException if {@code frames} is negative
         */
        public Builder maxInFlight(int frames) {
            if (frames < 0) {
                throw new IllegalArgumentException("maxInFlight must be 0 (the ring size) or more, was " + frames);
            }
            this.maxInFlight = frames;
            return this;
        }

        /**
         * What happens to a live source's frames when {@code maxInFlight} frames are in flight.
         * Ignored for recorded sources, which always wait.
         *
         * @param policy the policy; {@link LivePolicy#DROP_NEWEST} by default
         * @return this builder
         */
        public Builder livePolicy(LivePolicy policy) {
            this.livePolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * How idle threads wait. The default blocks after a brief spin, on the sequence a stage
         * really depends on. The Disruptor's {@code SleepingWaitStrategy} or
         * {@code YieldingWaitStrategy} also work; its {@code BlockingWaitStrategy} busy-spins
         * while a stage waits for an upstream stage, which wastes a core on small machines.
         *
         * @param factory makes one strategy per run
         * @return this builder
         */
        public Builder waitStrategy(Supplier<? extends WaitStrategy> factory) {
            this.waitStrategy = Objects.requireNonNull(factory, "factory");
            return this;
        }


        /**
         * How long stopping after a failure waits for stages to return before it interrupts them.
         *
         * @param timeout a positive duration; 5 seconds by default
         * @return this builder
         */
        public Builder stopTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("stopTimeout must be positive, was " + timeout);
            }
            this.stopTimeout = timeout;
            return this;
        }

        /**
         * Reports a stall when no frame has been delivered for this long while frames wait: the
         * report and the log name the stage everything waits on, with its thread's stack. Nothing
         * is stopped; pair it with a stage's time limit for that.
         *
         * @param timeout a positive duration, or {@code null} to turn stall reports off; 10 seconds
         *     by default
         * @return this builder
         */
        public Builder stallTimeout(Duration timeout) {
            if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
                throw new IllegalArgumentException("stallTimeout must be positive, was " + timeout + "; pass null to turn it off");
            }
            this.stallTimeout = timeout;
            return this;
        }

        /**
         * From how many sources a run runs each per-source stage that reads only the source on its
         * source's thread; for tests that pin the choice the machine's cores make by default.
         */
        Builder fuseFromSources(int sources) {
            this.fuseFromSources = sources;
            return this;
        }

        /**
         * Builds the runner.
         *
         * @return the runner
         * @throws IllegalArgumentException if {@code maxInFlight} exceeds {@code ringSize}, or the
         *     wait strategy times out (the runtime's loops wait without a time limit)
         */
        public ParallelRunner build() {
            if (maxInFlight > ringSize) {
                throw new IllegalArgumentException("maxInFlight (" + maxInFlight + ") cannot exceed ringSize (" + ringSize
                        + "): raise ringSize to at least " + Integer.highestOneBit(maxInFlight - 1) * 2);
            }
            checkShared();
            WaitStrategies.checked(waitStrategy.get());
            return new ParallelRunner(new RunConfig(ringSize, maxInFlight == 0 ? ringSize : maxInFlight, livePolicy, waitStrategy,
                    timing, stopTimeout, stallTimeout, traceFile, traceFrames, registry, fuseFromSources));
        }
    }
}
