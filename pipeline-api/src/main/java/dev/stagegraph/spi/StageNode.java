package dev.stagegraph.spi;

import dev.stagegraph.ErrorPolicy;
import dev.stagegraph.StageOptions;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One stage of a built {@link dev.stagegraph.Pipeline}, as runners and tools see it: its name,
 * position, inputs, replicas, resolved error policy, how its values are released, and a way to make
 * instances. Made by {@link dev.stagegraph.PipelineBuilder}; immutable.
 */
public final class StageNode {

    /** The index {@link #input(int)} returns for the pipeline's source. */
    public static final int SOURCE = -1;

    private final String name;
    private final int index;
    private final int[] inputs;
    private final boolean[] optional;
    private final StageOptions options;
    private final ErrorPolicy errorPolicy;
    private final boolean inline;
    private final boolean batch;
    private final Consumer<Object> release;
    private final Supplier<StageInstance> instances;

    /**
     * Creates a node; for pipeline builders.
     *
     * @param name the stage's name
     * @param index its topological index
     * @param inputs the writers of its input ports ({@link #SOURCE} for the source)
     * @param optional which inputs are read optionally
     * @param options its options
     * @param errorPolicy the policy in force (its own or the pipeline's default)
     * @param inline whether it is an inline function that runs on its input's writer's thread
     * @param batch whether it is a {@link dev.stagegraph.BatchStage}, whose instances are {@link BatchInstance}s
     * @param release how to release its values, or {@code null} to close {@link AutoCloseable}s only
     * @param instances makes unopened instances
     */
    public StageNode(String name, int index, int[] inputs, boolean[] optional, StageOptions options, ErrorPolicy errorPolicy,
            boolean inline, boolean batch, Consumer<Object> release, Supplier<StageInstance> instances) {
        this.batch = batch;
        this.name = name;
        this.index = index;
        this.inputs = inputs.clone();
        this.optional = optional.clone();
        this.options = options;
        this.errorPolicy = errorPolicy;
        this.inline = inline;
        this.release = release;
        this.instances = instances;
    }

    /**
     * The stage's name, unique in its pipeline.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The stage's position in topological order: every input has a smaller index.
     *
     * @return the index, from 0
     */
    public int index() {
        return index;
    }

    /**
     * How many ports the stage reads.
     *
     * @return the input count, at least 1
     */
    public int inputCount() {
        return inputs.length;
    }

    /**
     * Which stage writes the k-th input port.
     *
     * @param k the input's position, from 0
     * @return the writer's {@link #index()}, or {@link #SOURCE}
     */
    public int input(int k) {
        return inputs[k];
    }

    /**
     * Whether the k-th input is read optionally: the stage is called with an
     * {@link java.util.Optional} for it, empty when the writer had no result or failed.
     *
     * @param k the input's position, from 0
     * @return {@code true} if optional
     */
    public boolean optional(int k) {
        return optional[k];
    }

    /**
     * How many instances run.
     *
     * @return the replica count, at least 1
     */
    public int replicas() {
        return options.replicas();
    }

    /**
     * The error policy in force for this stage: its own, or the pipeline's default.
     *
     * @return the policy
     */
    public ErrorPolicy errorPolicy() {
        return errorPolicy;
    }

    /**
     * The limit on one {@code process} call.
     *
     * @return the limit, or {@code null} for none
     */
    public Duration timeLimit() {
        return options.timeLimit();
    }

    /**
     * Whether the stage runs on only some frames ({@link StageOptions#everyNth},
     * {@link StageOptions#maxRate}).
     *
     * @return {@code true} if sampled
     */
    public boolean sampled() {
        return options.sampleEvery() > 1 || options.maxRatePerSecond() > 0;
    }

    /**
     * Whether the stage runs on the frame with this number and capture time, given the capture time
     * of its source's previous frame; see {@link StageOptions#everyNth} and
     * {@link StageOptions#maxRate}. A pure function of its arguments, so every runner and every
     * replica decides alike.
     *
     * @param number the frame's number within its source
     * @param timestampNanos the frame's capture time
     * @param previousTimestampNanos the capture time of the source's previous frame taken, or
     *     {@link Long#MIN_VALUE} for its first
     * @return {@code true} if the stage runs on the frame
     */
    public boolean runsOn(long number, long timestampNanos, long previousTimestampNanos) {
        int every = options.sampleEvery();
        if (every > 1 && number % every != 0) {
            return false;
        }
        double rate = options.maxRatePerSecond();
        if (rate <= 0 || previousTimestampNanos == Long.MIN_VALUE) {
            return true;
        }
        long period = Math.max(1, Math.round(1e9 / rate));
        return Math.floorDiv(timestampNanos, period) != Math.floorDiv(previousTimestampNanos, period);
    }

    /**
     * Whether the stage is a {@link dev.stagegraph.BatchStage}: its instances are
     * {@link BatchInstance}s, which a runner may call with several frames at once.
     *
     * @return {@code true} for a stage declared with {@link dev.stagegraph.PipelineBuilder#batch}
     */
    public boolean batched() {
        return batch;
    }

    /**
     * The most frames one call of a batch stage takes; see {@link StageOptions#maxBatch(int)}.
     * Instances of batch stages are {@link BatchInstance}s.
     *
     * @return the batch size, 1 for one frame per call (and for every other stage shape)
     */
    public int maxBatch() {
        return options.maxBatchSize();
    }

    /**
     * The longest a batch waits to fill; see {@link StageOptions#maxDelay(Duration)}.
     *
     * @return the delay, {@link Duration#ZERO} for no wait
     */
    public Duration maxDelay() {
        return options.maxBatchDelay();
    }

    /**
     * Whether frames the sampling skips get the stage's last result for their source; see
     * {@link StageOptions#reuseLastResult()}. A runner then hands a skipped frame the result of its
     * source's latest selected frame and releases a shared value once, after its last frame.
     *
     * @return {@code true} for a sampled stage declared {@link StageOptions#reuseLastResult()}
     */
    public boolean reusesLastResult() {
        return options.reusesLastResult() && sampled();
    }

    /**
     * Whether the stage has one instance per source; see {@link StageOptions#perSource()}. A runner
     * makes one instance per source of the run and feeds instance {@code k} the frames of source
     * {@code k} only.
     *
     * @return {@code true} if declared {@link StageOptions#perSource()}
     */
    public boolean perSource() {
        return options.isPerSource();
    }

    /**
     * Whether the stage needs every frame in order, and so runs as one instance.
     *
     * @return {@code true} if declared {@link StageOptions#ordered()}
     */
    public boolean ordered() {
        return options.isOrdered();
    }

    /**
     * Whether the stage is an inline function ({@link dev.stagegraph.PipelineBuilder#map}): it has
     * no thread of its own and runs right after its input's writer, on the writer's thread.
     *
     * @return {@code true} for an inline stage
     */
    public boolean inline() {
        return inline;
    }

    /**
     * Releases one value this stage returned, once the last reader is done with it: the release
     * function declared for the port, or {@link AutoCloseable#close()}, or nothing.
     *
     * @param value the value, not {@code null}
     * @throws Exception whatever the release threw
     */
    public void release(Object value) throws Exception {
        if (release != null) {
            release.accept(value);
        } else if (value instanceof AutoCloseable c) {
            c.close();
        }
    }

    /**
     * Whether values of this stage may need releasing: a release function is declared, or the
     * value is {@link AutoCloseable}.
     *
     * @param value a value of this stage
     * @return {@code true} if {@link #release} would do something
     */
    public boolean needsRelease(Object value) {
        return release != null || value instanceof AutoCloseable;
    }

    /**
     * Makes a new instance by calling the stage's factory. Not opened yet.
     *
     * @return the instance
     * @throws IllegalStateException if the factory returned {@code null}
     */
    public StageInstance newInstance() {
        return instances.get();
    }

    @Override
    public String toString() {
        return "StageNode[" + name + ", inputs=" + Arrays.toString(inputs) + ", replicas=" + replicas() + (inline ? ", inline" : "") + "]";
    }
}
