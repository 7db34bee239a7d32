package dev.stagegraph;

import dev.stagegraph.spi.StageInstance;
import dev.stagegraph.spi.StageNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** One declared stage of a {@link PipelineBuilder}, and the checks that need the whole graph. Immutable. */
record Declaration(String name, int[] inputs, boolean[] optional, StageOptions options, boolean inline, Consumer<Object> release,
        Supplier<StageInstance> instances) {

    @SuppressWarnings("unchecked")
    Declaration withRelease(Consumer<?> fn) {
        if (release != null) {
            throw new InvalidPipelineException("stage '" + name + "' already has a release function; declare it once");
        }
        return new Declaration(name, inputs, optional, options, inline, (Consumer<Object>) fn, instances);
    }

    StageNode toNode(int index, ErrorPolicy defaultPolicy) {
        ErrorPolicy policy = options.errorPolicy() != null ? options.errorPolicy() : defaultPolicy;
        return new StageNode(name, index, inputs, optional, options, policy, inline, release, instances);
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
