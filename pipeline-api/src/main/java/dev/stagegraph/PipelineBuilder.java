package dev.stagegraph;

import dev.stagegraph.source.FrameSource;
import dev.stagegraph.spi.StageInstance;
import dev.stagegraph.spi.StageNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Declares a pipeline by wiring stages to the ports they read. Each wiring method returns the new
 * stage's output port, so an edge of the wrong type does not compile and every graph is acyclic.
 * Stages are named; a stage is made from a factory that the runtime calls once per instance.
 *
 * <pre>{@code
 * PipelineBuilder<Frame> b = Pipeline.builder("vision");
 * Port<Detections> detections = b.stage("detector", b.source(), Detector::new, StageOptions.defaults().ordered());
 * Port<Sizes> sizes = b.stage("size", detections, SizeEstimator::new);
 * Port<Labels> labels = b.stage("classifier", detections, Classifier::new, StageOptions.defaults().replicas(3));
 * Port<Summary> summary = b.join("aggregator", sizes, labels, Aggregator::new);
 * Pipeline<Frame, Summary> pipeline = b.build(summary);
 * }</pre>
 *
 * <p>Each call is checked at once and a rejected call leaves the builder as it was. Not
 * thread-safe: build a pipeline on one thread, then share the immutable {@link Pipeline}.
 *
 * @param <S> the type of the frames the source feeds in
 */
public final class PipelineBuilder<S> {
    private final String name;
    private final Port<S> source;
    private final List<Declaration> stages = new ArrayList<>();
    private final Map<String, Integer> byName = new HashMap<>();
    private ErrorPolicy defaultPolicy = ErrorPolicy.failFast();

    PipelineBuilder(String name) {
        this.name = Declaration.checkPipelineName(name);
        this.source = new Port<>(this, StageNode.SOURCE, "source", false);
    }

    /**
     * The port that carries each frame as the source delivers it.
     *
     * @return the source's port
     */
    public Port<S> source() {
        return source;
    }

    /**
     * Sets the error policy of every stage that does not set its own. Fail-fast unless set.
     *
     * @param policy the policy
     * @return this builder
     */
    public PipelineBuilder<S> defaultErrorPolicy(ErrorPolicy policy) {
        this.defaultPolicy = Objects.requireNonNull(policy, "policy");
        return this;
    }

    /**
     * Adds a one-input stage with default options. See {@link #stage(String, Port, Supplier, StageOptions)}.
     *
     * @param name the stage's name, unique in the pipeline
     * @param input the port it reads
     * @param factory makes one new instance per call
     * @param <I> the input type
     * @param <O> the output type
     * @return the stage's output port
     * @throws InvalidPipelineException if the name is taken, blank or reserved, or the port is another builder's
     */
    public <I, O> Port<O> stage(String name, Port<? extends I> input, Supplier<? extends Stage<I, O>> factory) {
        return stage(name, input, factory, StageOptions.defaults());
    }

    /**
     * Adds a one-input stage.
     *
     * @param name the stage's name, unique in the pipeline
     * @param input the port it reads
     * @param factory makes one new instance per call
     * @param options replicas, ordering, time limit and error policy
     * @param <I> the input type
     * @param <O> the output type
     * @return the stage's output port
     * @throws InvalidPipelineException if the name is taken, blank or reserved, the port is another
     *     builder's, or the options ask for replicas of an ordered stage
     */
    public <I, O> Port<O> stage(String name, Port<? extends I> input, Supplier<? extends Stage<I, O>> factory, StageOptions options) {
        return add(name, List.of(input), options, false, false, factory, f -> Adapters.single(Adapters.create(name, f)));
    }

    /**
     * Adds a one-input stage that processes frames in batches ({@link BatchStage}), of up to
     * {@link StageOptions#maxBatch(int)} frames, waiting at most {@link StageOptions#maxDelay}.
     *
     * @param name the stage's name, unique in the pipeline
     * @param input the port it reads
     * @param factory makes one new instance per call
     * @param options batch size and delay, and the options of any stage
     * @param <I> the input type
     * @param <O> the output type
     * @return the stage's output port
     * @throws InvalidPipelineException as {@link #stage(String, Port, Supplier, StageOptions)}
     */
    public <I, O> Port<O> batch(String name, Port<? extends I> input, Supplier<? extends BatchStage<I, O>> factory,
            StageOptions options) {
        return add(name, List.of(input), options, false, true, factory, f -> Adapters.batch(Adapters.create(name, f)));
    }

    /**
     * Adds a two-input stage with default options.
     *
     * @param name the stage's name
     * @param first the first port it reads
     * @param second the second port it reads
     * @param factory makes one new instance per call
     * @param <A> the first input's type
     * @param <B> the second input's type
     * @param <O> the output type
     * @return the stage's output port
     * @throws InvalidPipelineException as {@link #stage(String, Port, Supplier, StageOptions)}, or if a port is read twice
     */
    public <A, B, O> Port<O> join(String name, Port<? extends A> first, Port<? extends B> second,
            Supplier<? extends JoinStage<A, B, O>> factory) {
        return join(name, first, second, factory, StageOptions.defaults());
    }

    /**
     * Adds a two-input stage.
     *
     * @param name the stage's name
     * @param first the first port it reads
     * @param second the second port it reads
     * @param factory makes one new instance per call
     * @param options the stage's options
     * @param <A> the first input's type
     * @param <B> the second input's type
     * @param <O> the output type
     * @return the stage's output port
     * @throws InvalidPipelineException as {@link #stage(String, Port, Supplier, StageOptions)}, or if a port is read twice
     */
    public <A, B, O> Port<O> join(String name, Port<? extends A> first, Port<? extends B> second,
            Supplier<? extends JoinStage<A, B, O>> factory, StageOptions options) {
        return add(name, List.of(first, second), options, false, false, factory, f -> Adapters.join(Adapters.create(name, f)));
    }

    /**
     * Adds a three-input stage.
     *
     * @param name the stage's name
     * @param first the first port it reads
     * @param second the second port it reads
     * @param third the third port it reads
     * @param factory makes one new instance per call
     * @param options the stage's options
     * @param <A> the first input's type
     * @param <B> the second input's type
     * @param <C> the third input's type
     * @param <O> the output type
     * @return the stage's output port
     * @throws InvalidPipelineException as {@link #stage(String, Port, Supplier, StageOptions)}, or if a port is read twice
     */
    public <A, B, C, O> Port<O> join(String name, Port<? extends A> first, Port<? extends B> second, Port<? extends C> third,
            Supplier<? extends Join3Stage<A, B, C, O>> factory, StageOptions options) {
        return add(name, List.of(first, second, third), options, false, false, factory, f -> Adapters.join3(Adapters.create(name, f)));
    }

    /**
     * Adds a four-input stage.
     *
     * @param name the stage's name
     * @param first the first port it reads
     * @param second the second port it reads
     * @param third the third port it reads
     * @param fourth the fourth port it reads
     * @param factory makes one new instance per call
     * @param options the stage's options
     * @param <A> the first input's type
     * @param <B> the second input's type
     * @param <C> the third input's type
     * @param <D> the fourth input's type
     * @param <O> the output type
     * @return the stage's output port
     * @throws InvalidPipelineException as {@link #stage(String, Port, Supplier, StageOptions)}, or if a port is read twice
     */
    public <A, B, C, D, O> Port<O> join(String name, Port<? extends A> first, Port<? extends B> second, Port<? extends C> third,
            Port<? extends D> fourth, Supplier<? extends Join4Stage<A, B, C, D, O>> factory, StageOptions options) {
        return add(name, List.of(first, second, third, fourth), options, false, false, factory,
                f -> Adapters.join4(Adapters.create(name, f)));
    }

    /**
     * Adds a stage that reads any number of ports, with default options.
     *
     * @param name the stage's name
     * @param inputs the ports it reads, at least one, each once
     * @param factory makes one new instance per call
     * @param <O> the output type
     * @return the stage's output port
     * @throws InvalidPipelineException as {@link #joinAll(String, List, Supplier, StageOptions)}
     */
    public <O> Port<O> joinAll(String name, List<? extends Port<?>> inputs, Supplier<? extends MultiStage<O>> factory) {
        return joinAll(name, inputs, factory, StageOptions.defaults());
    }

    /**
     * Adds a stage that reads any number of ports, each read back through {@link Inputs}.
     *
     * @param name the stage's name
     * @param inputs the ports it reads, at least one, each once
     * @param factory makes one new instance per call
     * @param options the stage's options
     * @param <O> the output type
     * @return the stage's output port
     * @throws InvalidPipelineException as {@link #stage(String, Port, Supplier, StageOptions)}, if a
     *     port is repeated, or if there is no input
     */
    public <O> Port<O> joinAll(String name, List<? extends Port<?>> inputs, Supplier<? extends MultiStage<O>> factory,
            StageOptions options) {
        int[] ins = inputs == null ? new int[0] : inputs.stream().mapToInt(p -> p == null ? StageNode.SOURCE : p.stage()).toArray();
        return add(name, inputs, options, false, false, factory, f -> Adapters.multi(Adapters.create(name, f), this, name, ins));
    }

    /**
     * Adds an inline stage: a cheap, stateless function of one port (a projection, a filter that
     * returns {@code null} for "no result"). It gets no thread and no hop of its own: it runs right
     * after its input's writer, on the writer's thread, and is still timed and reported under its
     * name. It may be called by several threads at once (one per replica of its writer), so it must
     * not keep state. An exception fails the frame under the pipeline's default error policy.
     *
     * @param name the stage's name
     * @param input the port it reads
     * @param fn the function; returns {@code null} for "no result"
     * @param <I> the input type
     * @param <O> the output type
     * @return the function's output port
     * @throws InvalidPipelineException as {@link #stage(String, Port, Supplier, StageOptions)}
     */
    public <I, O> Port<O> map(String name, Port<? extends I> input, Function<? super I, ? extends O> fn) {
        return add(name, List.of(input), StageOptions.defaults(), true, false, () -> fn, f -> Adapters.inline(f.get()));
    }

    /**
     * Declares how the values of {@code port} are released once the last stage and the sink that read
     * them are done, for types that hold native memory but are not {@link AutoCloseable}, such as
     * OpenCV's {@code Mat} ({@code b.release(port, Mat::release)}): exactly once per value, on every
     * path (completed, failed, aborted). {@code AutoCloseable} values are closed without it; source
     * frames are released by the source ({@link dev.stagegraph.source.FrameSource#release}).
     *
     * @param port a stage's port of this builder
     * @param release the release function
     * @param <T> the port's type
     * @return {@code port}
     * @throws InvalidPipelineException if the port is the source's or another builder's, or already has a release
     */
    public <T> Port<T> release(Port<T> port, Consumer<? super T> release) {
        Objects.requireNonNull(release, "release");
        check(port, "release(...)");
        Declaration.checkReleasable(name, port.stage());
        stages.set(port.stage(), stages.get(port.stage()).withRelease(release));
        return port;
    }

    /**
     * Validates the graph and freezes it into an immutable pipeline whose runs deliver the values of
     * {@code result} to the sink. Every stage must lead to {@code result}: a stage whose output
     * nobody reads is rejected by name. The builder stays usable.
     *
     * @param result the port the sink receives, usually the last stage's
     * @param <R> the result type
     * @return the pipeline
     * @throws InvalidPipelineException if {@code result} is missing, optional or another builder's,
     *     the graph has no stage, or a stage does not lead to {@code result}
     */
    public <R> Pipeline<S, R> build(Port<R> result) {
        check(Declaration.checkSink(name, result), "build");
        int resultStage = Declaration.checkResult(name, stages, result.stage(), result.isOptional());
        return new Pipeline<>(name, Declaration.toNodes(stages, defaultPolicy), resultStage);
    }

    private <T, F> Port<F> add(String stageName, List<? extends Port<?>> inputs, StageOptions options, boolean inline, boolean batch,
            Supplier<? extends T> factory, Function<Supplier<? extends T>, StageInstance> adapt) {
        stages.add(Declaration.of(name, stageName, byName, stages.size(), inputs, options, inline, batch, factory,
                p -> check(p, "stage '" + stageName + "'"), () -> adapt.apply(factory)));
        return new Port<>(this, stages.size() - 1, stageName, false);
    }

    private void check(Port<?> port, String who) {
        if (port.owner() != this) {
            throw new InvalidPipelineException("pipeline '" + name + "': " + who + " was given port '" + port.name()
                    + "' of pipeline '" + port.owner().name + "'; ports cannot cross pipelines, wire ports of this builder");
        }
    }
}
