package dev.stagegraph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Declares a pipeline by wiring stages to the ports they read. Each wiring method returns the new
 * stage's output port, so an edge of the wrong type does not compile and every graph is acyclic.
 * Stages are named; a stage is made from a factory that the runtime calls once per instance.
 *
 * <pre>{@code
 * PipelineBuilder<Frame> b = Pipeline.builder("vision");
 * Port<Detections> detections = b.stage("detector", b.source(), Detector::new);
 * Port<Sizes> sizes = b.stage("size", detections, SizeEstimator::new);
 * Port<Labels> labels = b.stage("classifier", detections, Classifier::new,
 *         StageOptions.defaults().replicas(3));
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

    private record Declared(String name, int[] inputs, StageOptions options, StageNode.Shape shape,
            Function<StageNode, StageInstance> instances) {}

    private final String name;
    private final Port<S> source;
    private final List<Declared> stages = new ArrayList<>();
    private final Map<String, Integer> byName = new HashMap<>();
    private ErrorPolicy defaultPolicy = ErrorPolicy.failFast();

    PipelineBuilder(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidPipelineException("a pipeline needs a non-blank name, was " + quote(name));
        }
        this.name = name;
        this.source = new Port<>(this, StageNode.SOURCE, "source");
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
     * Adds a one-input stage with default options.
     *
     * @param name the stage's name, unique in the pipeline
     * @param input the port it reads
     * @param factory makes one new instance per call
     * @param <I> the input type
     * @param <O> the output type
     * @return the stage's output port
     * @throws InvalidPipelineException if the name is taken or blank, or the port is another builder's
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
     * @param options replicas and error policy
     * @param <I> the input type
     * @param <O> the output type
     * @return the stage's output port
     * @throws InvalidPipelineException if the name is taken or blank, or the port is another builder's
     */
    public <I, O> Port<O> stage(String name, Port<? extends I> input, Supplier<? extends Stage<I, O>> factory,
            StageOptions options) {
        requireFactory(name, factory);
        return add(name, List.of(input), options, StageNode.Shape.SINGLE,
                node -> new Adapters.Single(Adapters.create(node.name(), factory)));
    }

    /**
     * Adds a two-input stage with default options.
     *
     * @param name the stage's name, unique in the pipeline
     * @param first the first port it reads
     * @param second the second port it reads
     * @param factory makes one new instance per call
     * @param <A> the first input's type
     * @param <B> the second input's type
     * @param <O> the output type
     * @return the stage's output port
     * @throws InvalidPipelineException if the name is taken or blank, a port is another builder's, or
     *     both ports are the same
     */
    public <A, B, O> Port<O> join(String name, Port<? extends A> first, Port<? extends B> second,
            Supplier<? extends JoinStage<A, B, O>> factory) {
        return join(name, first, second, factory, StageOptions.defaults());
    }

    /**
     * Adds a two-input stage.
     *
     * @param name the stage's name, unique in the pipeline
     * @param first the first port it reads
     * @param second the second port it reads
     * @param factory makes one new instance per call
     * @param options replicas and error policy
     * @param <A> the first input's type
     * @param <B> the second input's type
     * @param <O> the output type
     * @return the stage's output port
     * @throws InvalidPipelineException if the name is taken or blank, a port is another builder's, or
     *     both ports are the same
     */
    public <A, B, O> Port<O> join(String name, Port<? extends A> first, Port<? extends B> second,
            Supplier<? extends JoinStage<A, B, O>> factory, StageOptions options) {
        requireFactory(name, factory);
        return add(name, List.of(first, second), options, StageNode.Shape.JOIN,
                node -> new Adapters.Join(Adapters.create(node.name(), factory)));
    }

    /**
     * Adds a stage that reads any number of ports, with default options.
     *
     * @param name the stage's name, unique in the pipeline
     * @param inputs the ports it reads, at least one, each once
     * @param factory makes one new instance per call
     * @param <O> the output type
     * @return the stage's output port
     * @throws InvalidPipelineException if the name is taken or blank, a port is another builder's or
     *     repeated, or there is no input
     */
    public <O> Port<O> joinAll(String name, List<? extends Port<?>> inputs, Supplier<? extends MultiStage<O>> factory) {
        return joinAll(name, inputs, factory, StageOptions.defaults());
    }

    /**
     * Adds a stage that reads any number of ports.
     *
     * @param name the stage's name, unique in the pipeline
     * @param inputs the ports it reads, at least one, each once
     * @param factory makes one new instance per call
     * @param options replicas and error policy
     * @param <O> the output type
     * @return the stage's output port
     * @throws InvalidPipelineException if the name is taken or blank, a port is another builder's or
     *     repeated, or there is no input
     */
    public <O> Port<O> joinAll(String name, List<? extends Port<?>> inputs, Supplier<? extends MultiStage<O>> factory,
            StageOptions options) {
        requireFactory(name, factory);
        return add(name, inputs, options, StageNode.Shape.MULTI,
                node -> new Adapters.Multi(Adapters.create(node.name(), factory), this, node.name(), node.inputArray()));
    }

    /**
     * Validates the graph and freezes it into an immutable pipeline whose runs deliver the values of
     * {@code result} to the sink. Every stage must lead to {@code result}: a stage whose output
     * nobody reads is rejected by name. The builder stays usable.
     *
     * @param result the port the sink receives, usually the last stage's
     * @param <R> the result type
     * @return the pipeline
     * @throws InvalidPipelineException if {@code result} is missing or another builder's, the graph
     *     has no stage, or a stage does not lead to {@code result}
     */
    public <R> Pipeline<S, R> build(Port<R> result) {
        if (result == null) {
            throw new InvalidPipelineException("pipeline '" + name
                    + "' has no sink: pass build(...) the port whose values the sink receives, usually the last stage's");
        }
        checkOwned("build", result);
        if (stages.isEmpty()) {
            throw new InvalidPipelineException("pipeline '" + name + "' has no stage: add at least one stage between source and sink");
        }
        if (result.stage() == StageNode.SOURCE) {
            throw new InvalidPipelineException("pipeline '" + name
                    + "' delivers its source port to the sink, so no stage's result would be seen: pass build(...) the last stage's port");
        }
        boolean[] leads = new boolean[stages.size()];
        leads[result.stage()] = true;
        for (int i = stages.size() - 1; i >= 0; i--) {
            if (leads[i]) {
                for (int in : stages.get(i).inputs()) {
                    if (in != StageNode.SOURCE) {
                        leads[in] = true;
                    }
                }
            }
        }
        List<String> dead = new ArrayList<>();
        for (int i = 0; i < leads.length; i++) {
            if (!leads[i]) {
                dead.add(stages.get(i).name());
            }
        }
        if (!dead.isEmpty()) {
            throw new InvalidPipelineException("pipeline '" + name + "': stage" + (dead.size() > 1 ? "s " : " ")
                    + quoteAll(dead) + " never reach the sink (stage '" + stages.get(result.stage()).name()
                    + "'): read their ports from a downstream stage, or remove them");
        }
        List<StageNode> nodes = new ArrayList<>(stages.size());
        for (int i = 0; i < stages.size(); i++) {
            Declared d = stages.get(i);
            ErrorPolicy policy = d.options().errorPolicy() != null ? d.options().errorPolicy() : defaultPolicy;
            nodes.add(new StageNode(d.name(), i, d.inputs(), d.options().replicas(), policy, d.options().timeLimit(),
                    d.options().isOrdered(), d.shape(), d.instances()));
        }
        return new Pipeline<>(name, nodes, result.stage());
    }

    private <O> Port<O> add(String stageName, List<? extends Port<?>> inputs, StageOptions options, StageNode.Shape shape,
            Function<StageNode, StageInstance> instances) {
        if (stageName == null || stageName.isBlank()) {
            throw new InvalidPipelineException("pipeline '" + name + "': a stage needs a non-blank name, was " + quote(stageName));
        }
        if (stageName.equals("source") || stageName.equals("sink")) {
            throw new InvalidPipelineException("pipeline '" + name + "': '" + stageName
                    + "' is reserved for the pipeline's own ends; name the stage after what it does");
        }
        Integer taken = byName.get(stageName);
        if (taken != null) {
            throw new InvalidPipelineException("pipeline '" + name + "': stage name '" + stageName + "' is used twice (stage #"
                    + taken + " already has it); give each stage a unique name");
        }
        Objects.requireNonNull(options, () -> "stage '" + stageName + "': options must not be null; use StageOptions.defaults()");
        if (options.isOrdered() && options.replicas() > 1) {
            throw new InvalidPipelineException("pipeline '" + name + "': stage '" + stageName + "' is ordered (it needs every frame in"
                    + " order) but asks for " + options.replicas() + " replicas; an ordered stage runs as one instance");
        }
        if (inputs == null || inputs.isEmpty()) {
            throw new InvalidPipelineException("pipeline '" + name + "': stage '" + stageName
                    + "' reads no port: every stage reads at least one port (the source's or a stage's)");
        }
        int[] in = new int[inputs.size()];
        for (int k = 0; k < in.length; k++) {
            Port<?> port = inputs.get(k);
            if (port == null) {
                throw new InvalidPipelineException("pipeline '" + name + "': stage '" + stageName + "' input #" + k + " is null");
            }
            checkOwned("stage '" + stageName + "'", port);
            in[k] = port.stage();
            for (int j = 0; j < k; j++) {
                if (in[j] == in[k]) {
                    throw new InvalidPipelineException("pipeline '" + name + "': stage '" + stageName + "' reads port '" + port.name()
                            + "' twice; read each port once");
                }
            }
        }
        int index = stages.size();
        stages.add(new Declared(stageName, in, options, shape, instances));
        byName.put(stageName, index);
        return new Port<>(this, index, stageName);
    }

    private void checkOwned(String who, Port<?> port) {
        if (port.owner() != this) {
            throw new InvalidPipelineException("pipeline '" + name + "': " + who + " was given port '" + port.name()
                    + "' of pipeline '" + port.owner().name + "'; ports cannot cross pipelines, wire ports of this builder");
        }
    }

    private static void requireFactory(String stage, Supplier<?> factory) {
        if (factory == null) {
            throw new InvalidPipelineException("stage '" + stage + "' has no factory: pass a supplier such as MyStage::new");
        }
    }

    private static String quote(String s) {
        return s == null ? "null" : "'" + s + "'";
    }

    private static String quoteAll(List<String> names) {
        return Arrays.toString(names.stream().map(n -> "'" + n + "'").toArray()).replace("[", "").replace("]", "");
    }
}
