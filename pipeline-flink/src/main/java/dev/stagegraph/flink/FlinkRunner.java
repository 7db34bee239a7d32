package dev.stagegraph.flink;

import dev.stagegraph.Param;
import dev.stagegraph.Pipeline;
import dev.stagegraph.Runner;
import dev.stagegraph.runtime.ParallelRunner;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.InstantiationUtil;

/**
 * Runs an unchanged {@link Pipeline} on Apache Flink: each {@link NamedSource} becomes one split of
 * a FLIP-27 source; Flink spreads the splits over its parallel readers, and each reader runs the
 * whole stage graph for its sources with a local {@link Runner} (the parallel runner by default),
 * so frames never leave the task manager and only {@link FrameResult}s cross Flink's network. Per
 * source state (a tracker, a counter) lives in the stage instances of the reader that owns the
 * source; results come out per source in frame order.
 *
 * <h2>Building a job</h2>
 * Everything the task managers need is given as {@link SerializableSupplier}s (the pipeline, each
 * source, the local runner, the run parameters) and made there. {@link #source}, {@link #stream}
 * and {@link #run} check on the client, before anything is submitted, that each supplier is
 * serializable and that the pipeline builds, and fail with an {@link IllegalArgumentException} or
 * the builder's {@link dev.stagegraph.InvalidPipelineException} otherwise.
 *
 * <h2>Failures and restarts</h2>
 * A fail-fast stage failure (or a failed {@code open}, or a failed source) fails the Flink task
 * with a {@link PipelineOnFlinkException}; the job's restart strategy (Flink's
 * {@code RestartStrategyOptions}, set in the environment's configuration) decides whether it
 * restarts. A restarted reader gets its sources back as of the last completed checkpoint (the next
 * frame number to emit), opens new stage instances and a new source from the factories, replays a
 * recorded source from its first frame through the stages (so their state is rebuilt exactly) and
 * emits only the frames after the checkpoint: the emitted stream is at-least-once, the frames
 * emitted between the checkpoint and the failure are emitted again with the same values for
 * deterministic stages (so a sink that writes by (source, frame) ends exactly-once). A live source
 * cannot replay: it continues from the checkpoint's frame number and the frames it captured while
 * the task was down are lost. Skip-frame failures are results like any other and are delivered in
 * order.
 *
 * <p>Immutable and thread-safe; holds no state between jobs.
 */
public final class FlinkRunner {
    private final int parallelism;
    private final LocalRunnerFactory localRunner;
    private final SerializableSupplier<? extends Map<Param<?>, ?>> params;

    private FlinkRunner(Builder b) {
        this.parallelism = b.parallelism;
        this.localRunner = b.localRunner;
        this.params = b.params;
    }

    /**
     * A runner with the defaults: the environment's parallelism, the parallel runner inside each
     * reader, no run parameters.
     *
     * @return the runner
     */
    public static FlinkRunner create() {
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

    /**
     * The FLIP-27 source of a pipeline's results over {@code sources}, for a job you assemble
     * yourself ({@code env.fromSource(source, WatermarkStrategy.noWatermarks(), name, typeInfo)}).
     *
     * @param pipeline makes the pipeline; called once here to check it builds, then on each reader
     * @param sources the sources, one split each, with unique names
     * @param <S> the frame type
     * @param <R> the result type
     * @return the source
     * @throws IllegalArgumentException if there is no source, a name repeats, or a supplier is not
     *     serializable (the message names it)
     * @throws dev.stagegraph.InvalidPipelineException if the pipeline does not build
     */
    public <S, R> Source<FrameResult<R>, ?, ?> source(SerializableSupplier<Pipeline<S, R>> pipeline, List<NamedSource<S>> sources) {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(sources, "sources");
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("a Flink run needs at least one source: pass one NamedSource per camera or file");
        }
        serializable("the pipeline factory", pipeline);
        serializable("the local runner factory", localRunner);
        serializable("the run parameters' factory", params);
        Pipeline<S, R> built = pipeline.get();
        if (built == null) {
            throw new IllegalArgumentException("the pipeline factory returned null: return the built pipeline");
        }
        Set<String> names = new HashSet<>();
        List<SourceSplitState> splits = new ArrayList<>(sources.size());
        for (NamedSource<S> s : sources) {
            if (!names.add(s.name())) {
                throw new IllegalArgumentException("two sources are named '" + s.name() + "': a source's name keys its results,"
                        + " state and metrics, so give each camera or file its own");
            }
            serializable("the factory of source '" + s.name() + "'", s.factory());
            serializable("the run parameters of source '" + s.name() + "'", s.params());
            splits.add(new SourceSplitState(splits.size(), s.name(), serializable("source '" + s.name() + "'", s), 0));
        }
        return new StageGraphSource<>(pipeline, localRunner, params, splits);
    }

    /**
     * Adds the pipeline over {@code sources} to {@code env}: the stream of every frame's result,
     * per source in frame order (keep the order by staying on a forward connection or keying by
     * {@link FrameResult#source()}).
     *
     * @param env the environment to add the source to
     * @param pipeline makes the pipeline
     * @param sources the sources
     * @param resultType the result value's type information (see {@link FrameResultTypeInfo})
     * @param <S> the frame type
     * @param <R> the result type
     * @return the results
     * @throws IllegalArgumentException as {@link #source}
     */
    public <S, R> DataStream<FrameResult<R>> stream(StreamExecutionEnvironment env, SerializableSupplier<Pipeline<S, R>> pipeline,
            List<NamedSource<S>> sources, TypeInformation<R> resultType) {
        Source<FrameResult<R>, ?, ?> source = source(pipeline, sources);
        SingleOutputStreamOperator<FrameResult<R>> stream = env.fromSource(source, WatermarkStrategy.noWatermarks(),
                "stagegraph " + pipeline.get().name(), FrameResultTypeInfo.of(resultType));
        if (parallelism > 0) {
            stream.setParallelism(parallelism);
        }
        return stream;
    }

    /**
     * Runs the pipeline over {@code sources} into {@code sink} (with the source's parallelism, so
     * results reach it per source in frame order) and waits for the job to end.
     *
     * @param env the environment, with its restart strategy and checkpointing configured
     * @param pipeline makes the pipeline
     * @param sources the sources
     * @param resultType the result value's type information
     * @param sink where results go
     * @param <S> the frame type
     * @param <R> the result type
     * @return Flink's result of the job
     * @throws Exception if the job failed for good (the cause chain holds the
     *     {@link PipelineOnFlinkException}) or could not be submitted
     */
    public <S, R> JobExecutionResult run(StreamExecutionEnvironment env, SerializableSupplier<Pipeline<S, R>> pipeline,
            List<NamedSource<S>> sources, TypeInformation<R> resultType, Sink<FrameResult<R>> sink) throws Exception {
        DataStream<FrameResult<R>> results = stream(env, pipeline, sources, resultType);
        results.sinkTo(sink).setParallelism(results.getParallelism()).name("results");
        return env.execute("stagegraph " + pipeline.get().name());
    }

    private static byte[] serializable(String what, Object value) {
        try {
            return InstantiationUtil.serializeObject(value);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(what + " is not serializable (" + e + "): Flink ships it to the task managers,"
                    + " so make it a method reference to a static factory or a lambda that captures only serializable values", e);
        }
    }

    /** Configures a {@link FlinkRunner}; not thread-safe. */
    public static final class Builder {
        private int parallelism = -1;
        private LocalRunnerFactory localRunner = registry -> ParallelRunner.builder().meterRegistry(registry).build();
        private SerializableSupplier<? extends Map<Param<?>, ?>> params = Map::of;

        private Builder() {
        }

        /**
         * How many parallel readers share the sources (source k goes to reader k % n).
         *
         * @param readers at least 1; more readers than sources leaves some idle
         * @return this builder
         * @throws IllegalArgumentException if {@code readers} is below 1
         */
        public Builder parallelism(int readers) {
            if (readers < 1) {
                throw new IllegalArgumentException("parallelism must be at least 1, got " + readers);
            }
            this.parallelism = readers;
            return this;
        }

        /**
         * The runner each reader runs a source's graph with; one instance per source, made on the
         * task manager. The default is the parallel runner with the reader's meters
         * ({@link #meteredLocalRunner}); {@code SequentialRunner::create} uses one thread per
         * source. A runner made here has no meters the reader can read, so the per-stage Flink
         * metrics of its source move only when the source's run ends.
         *
         * @param factory makes the runner; must be serializable
         * @return this builder
         */
        public Builder localRunner(SerializableSupplier<? extends Runner> factory) {
            Objects.requireNonNull(factory, "factory");
            this.localRunner = registry -> factory.get();
            return this;
        }

        /**
         * The runner each reader runs a source's graph with, made with the registry the reader
         * reads its live per-stage Flink metrics from (see {@link LocalRunnerFactory}). The default
         * is {@code registry -> ParallelRunner.builder().meterRegistry(registry).build()}.
         *
         * @param factory makes the runner; must be serializable
         * @return this builder
         */
        public Builder meteredLocalRunner(LocalRunnerFactory factory) {
            this.localRunner = Objects.requireNonNull(factory, "factory");
            return this;
        }

        /**
         * The run parameters every source's run is started with, made on the task manager
         * ({@link Param} keys are not serializable, so they are made there too).
         *
         * @param factory makes the bindings; must be serializable
         * @return this builder
         */
        public Builder params(SerializableSupplier<? extends Map<Param<?>, ?>> factory) {
            this.params = Objects.requireNonNull(factory, "factory");
            return this;
        }

        /**
         * Builds the runner.
         *
         * @return the runner
         */
        public FlinkRunner build() {
            return new FlinkRunner(this);
        }
    }
}
