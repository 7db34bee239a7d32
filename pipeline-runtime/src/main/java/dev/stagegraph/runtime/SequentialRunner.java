package dev.stagegraph.runtime;

import dev.stagegraph.Execution;
import dev.stagegraph.FrameSink;
import dev.stagegraph.FrameSource;
import dev.stagegraph.Pipeline;
import dev.stagegraph.Runner;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The reference runner: one thread, stages in topological order, one frame at a time. It makes and
 * deals replicas exactly as the parallel runner does (frame {@code n} goes to replica
 * {@code n % replicas}), so for deterministic stages both deliver the same results. Use it to
 * debug a stage (every call is on the thread that called {@link Execution#await}, with a plain
 * stack) and as the baseline that parallel speed-ups are measured against.
 *
 * <p>Everything happens inside {@code await()} (or {@code run()}): the source and every instance
 * open on the calling thread, one after another, then frames run, then instances close in reverse
 * topological order. A watchdog thread runs beside it only when a stage has a time limit.
 * Immutable and thread-safe.
 */
public final class SequentialRunner implements Runner {
    private final RunConfig config;

    private SequentialRunner(RunConfig config) {
        this.config = config;
    }

    /**
     * A sequential runner that times every {@code process} call.
     *
     * @return the runner
     */
    public static SequentialRunner create() {
        return builder().build();
    }

    /**
     * A sequential runner that times calls or not; without timing the report keeps counts only.
     *
     * @param timing {@code true} to time calls
     * @return the runner
     */
    public static SequentialRunner create(boolean timing) {
        return builder().timing(timing).build();
    }

    /**
     * Starts configuring a sequential runner.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String mode() {
        return "sequential";
    }

    @Override
    public <S, R> Execution<S> start(Pipeline<S, R> pipeline, FrameSource<S> source, FrameSink<? super S, ? super R> sink) {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(sink, "sink");
        return new SequentialExecution<>(pipeline, source, sink, config);
    }

    /** Configures a {@link SequentialRunner}. Not thread-safe. */
    public static final class Builder {
        private boolean timing = true;
        private Path traceFile;
        private int traceFrames;
        private MeterRegistry registry;

        private Builder() {}

        /**
         * Whether to time every {@code process} call; on by default.
         *
         * @param on {@code true} to time
         * @return this builder
         */
        public Builder timing(boolean on) {
            this.timing = on;
            return this;
        }

        /**
         * Writes the stage spans of the last frames to a Chrome trace file; see
         * {@link ParallelRunner.Builder#trace}.
         *
         * @param file where to write
         * @param lastFrames how many frames to keep, at least 1
         * @return this builder
         */
        public Builder trace(Path file, int lastFrames) {
            if (lastFrames < 1) {
                throw new IllegalArgumentException("a trace keeps at least 1 frame, was " + lastFrames);
            }
            this.traceFile = Objects.requireNonNull(file, "file");
            this.traceFrames = lastFrames;
            return this;
        }

        /**
         * Publishes each run's meters; see {@link ParallelRunner.Builder#meterRegistry}. The
         * sequential runner has no ring, so it has no occupancy or backlog gauges.
         *
         * @param registry any Micrometer registry
         * @return this builder
         */
        public Builder meterRegistry(MeterRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /**
         * Builds the runner.
         *
         * @return the runner
         */
        public SequentialRunner build() {
            if (traceFile != null && !timing) {
                throw new IllegalArgumentException("a trace needs timing on: remove timing(false) or trace(...)");
            }
            return new SequentialRunner(new RunConfig(1, 1, LivePolicy.BLOCK, null, timing, Duration.ZERO, null, traceFile,
                    traceFrames, registry));
        }
    }
}
