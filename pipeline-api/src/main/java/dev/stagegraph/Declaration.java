package dev.stagegraph;

import dev.stagegraph.spi.StageInstance;
import dev.stagegraph.spi.StageNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** One declared stage of a {@link PipelineBuilder}, and the checks that need the whole graph. Immutable. */
record Declaration(String name, int[] inputs, boolean[] optional, StageOptions options, boolean inline, boolean batch,
        Consumer<Object> release, Supplier<StageInstance> instances) {

    @SuppressWarnings("unchecked")
    Declaration withRelease(Consumer<?> fn) {
        if (release != null) {
            throw new InvalidPipelineException("stage '" + name + "' already has a release function; declare it once");
        }
        return new Declaration(name, inputs, optional, options, inline, batch, (Consumer<Object>) fn, instances);
    }

    StageNode toNode(int index, ErrorPolicy defaultPolicy) {
        ErrorPolicy policy = options.errorPolicy() != null ? options.errorPolicy() : defaultPolicy;
        return new StageNode(name, index, inputs, optional, options, policy, inline, batch, release, instances);
    }

    static void checkName(String pipeline, String stage, Map<String, Integer> byName) {
        if (stage == null || stage.isBlank()) {
            throw new InvalidPipelineException("pipeline '" + pipeline + "': a stage needs a non-blank name, was " + quote(stage));
        }
        if (stage.equals("source") || stage.equals("sink")) {
            throw new InvalidPipelineException("pipeline '" + pipeline + "': '" + stage
                    + "' is reserved for the pipeline's own ends; name the stage after what it does");
        }
        Integer taken = byName.get(stage);
        if (taken != null) {
            throw new InvalidPipelineException("pipeline '" + pipeline + "': stage name '" + stage + "' is used twice (stage #"
                    + taken + " already has it); give each stage a unique name");
        }
    }

    /**
     * Checks a new stage's name, options and inputs ({@code check} vets each port) and declares it
     * at {@code index}, recording its name in {@code byName}.
     */
    static Declaration of(String pipeline, String stage, Map<String, Integer> byName, int index, List<? extends Port<?>> inputs,
            StageOptions options, boolean inline, boolean batch, Object factory, Consumer<Port<?>> check,
            Supplier<StageInstance> instances) {
        checkName(pipeline, stage, byName);
        if (factory == null) {
            throw new InvalidPipelineException("stage '" + stage + "' has no factory: pass a supplier such as MyStage::new");
        }
        checkOptions(pipeline, stage, options, batch);
        int[] in = new int[inputs == null ? 0 : inputs.size()];
        boolean[] optional = new boolean[in.length];
        for (int k = 0; k < in.length; k++) {
            Port<?> port = inputs.get(k);
            if (port != null) {
                check.accept(port);
                in[k] = port.stage();
                optional[k] = port.isOptional();
            }
        }
        checkInputs(pipeline, stage, inputs, in);
        byName.put(stage, index);
        return new Declaration(stage, in, optional, options, inline, batch, null, instances);
    }

    static List<StageNode> toNodes(List<Declaration> stages, ErrorPolicy defaultPolicy) {
        List<StageNode> nodes = new ArrayList<>(stages.size());
        for (int i = 0; i < stages.size(); i++) {
            nodes.add(stages.get(i).toNode(i, defaultPolicy));
        }
        return nodes;
    }

    static String checkPipelineName(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidPipelineException("a pipeline needs a non-blank name, was " + quote(name));
        }
        return name;
    }

    static <P extends Port<?>> P checkSink(String pipeline, P result) {
        if (result == null) {
            throw new InvalidPipelineException("pipeline '" + pipeline
                    + "' has no sink: pass build(...) the port whose values the sink receives, usually the last stage's");
        }
        return result;
    }

    static void checkReleasable(String pipeline, int stage) {
        if (stage == StageNode.SOURCE) {
            throw new InvalidPipelineException("pipeline '" + pipeline + "': release(...) was given the source port; source frames are"
                    + " released by the source: override FrameSource.release(frame)");
        }
    }

    /** Checks a stage's options against each other and against its shape. */
    static void checkOptions(String pipeline, String stage, StageOptions options, boolean batch) {
        java.util.Objects.requireNonNull(options, () -> "stage '" + stage + "': options must not be null; use StageOptions.defaults()");
        String where = "pipeline '" + pipeline + "': stage '" + stage + "' ";
        if (options.isPerSource() && options.replicas() > 1) {
            throw new InvalidPipelineException(where + "is per source (one instance per source) but asks for " + options.replicas()
                    + " replicas; drop replicas(...) or perSource()");
        }
        if (options.isOrdered() && options.replicas() > 1) {
            throw new InvalidPipelineException(where + "is ordered (it needs every frame in order) but asks for " + options.replicas()
                    + " replicas; an ordered stage runs as one instance");
        }
        if (!batch && (options.maxBatchSize() > 1 || !options.maxBatchDelay().isZero())) {
            throw new InvalidPipelineException(where + "sets maxBatch(" + options.maxBatchSize() + ") / maxDelay("
                    + options.maxBatchDelay() + ") but is not a batch stage; declare it with batch(...) as a BatchStage, or drop them");
        }
        if (options.reusesLastResult() && options.sampleEvery() == 1 && options.maxRatePerSecond() == 0) {
            throw new InvalidPipelineException(where + "reuses its last result on skipped frames but is not sampled, so it skips none;"
                    + " add everyNth(n) or maxRate(r), or drop reuseLastResult()");
        }
        if (options.reusesLastResult() && options.replicas() > 1) {
            throw new InvalidPipelineException(where + "reuses its last result but asks for " + options.replicas() + " replicas: a"
                    + " skipped frame must reach the instance that ran its source's last selected frame; use perSource() or one replica");
        }
    }

    /** Checks that a stage reads at least one port and each port once; {@code in} holds the ports' writers. */
    static void checkInputs(String pipeline, String stage, List<? extends Port<?>> inputs, int[] in) {
        if (inputs == null || inputs.isEmpty()) {
            throw new InvalidPipelineException("pipeline '" + pipeline + "': stage '" + stage
                    + "' reads no port: every stage reads at least one port (the source's or a stage's)");
        }
        for (int k = 0; k < in.length; k++) {
            if (inputs.get(k) == null) {
                throw new InvalidPipelineException("pipeline '" + pipeline + "': stage '" + stage + "' input #" + k + " is null");
            }
            for (int j = 0; j < k; j++) {
                if (in[j] == in[k]) {
                    throw new InvalidPipelineException("pipeline '" + pipeline + "': stage '" + stage + "' reads port '"
                            + inputs.get(k).name() + "' twice; read each port once");
                }
            }
        }
    }

    /** Checks that the graph has stages and that every one leads to {@code result}; returns {@code result}. */
    static int checkResult(String pipeline, List<Declaration> stages, int result, boolean optional) {
        if (stages.isEmpty()) {
            throw new InvalidPipelineException("pipeline '" + pipeline + "' has no stage: add at least one stage between source and sink");
        }
        if (result == StageNode.SOURCE) {
            throw new InvalidPipelineException("pipeline '" + pipeline
                    + "' delivers its source port to the sink, so no stage's result would be seen: pass build(...) the last stage's port");
        }
        if (optional) {
            throw new InvalidPipelineException("pipeline '" + pipeline + "': build(...) was given an optional port; pass the port itself,"
                    + " the sink already receives every outcome");
        }
        boolean[] leads = new boolean[stages.size()];
        leads[result] = true;
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
                dead.add("'" + stages.get(i).name() + "'");
            }
        }
        if (!dead.isEmpty()) {
            throw new InvalidPipelineException("pipeline '" + pipeline + "': stage" + (dead.size() > 1 ? "s " : " ")
                    + String.join(", ", dead) + " never reach the sink (stage '" + stages.get(result).name()
                    + "'): read their ports from a downstream stage, or remove them");
        }
        return result;
    }

    static String quote(String s) {
        return s == null ? "null" : "'" + s + "'";
    }
}
