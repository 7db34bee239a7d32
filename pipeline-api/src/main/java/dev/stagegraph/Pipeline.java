package dev.stagegraph;

import dev.stagegraph.spi.StageNode;

import java.util.List;

/**
 * An immutable, validated stage graph, made by {@link PipelineBuilder#build(Port)}. It holds no
 * running state: it can be run many times, by any {@link Runner}, even concurrently (each run makes
 * its own stage instances).
 *
 * @param <S> the type of frames the source feeds in
 * @param <R> the type of result the sink receives
 */
public final class Pipeline<S, R> {
    private final String name;
    private final List<StageNode> stages;
    private final int result;

    Pipeline(String name, List<StageNode> stages, int result) {
        this.name = name;
        this.stages = List.copyOf(stages);
        this.result = result;
    }

    /**
     * Starts declaring a pipeline.
     *
     * @param name the pipeline's name, used in thread names, reports and meters
     * @param <S> the type of frames the source feeds in
     * @return a new builder
     * @throws InvalidPipelineException if the name is blank
     */
    public static <S> PipelineBuilder<S> builder(String name) {
        return new PipelineBuilder<>(name);
    }

    /**
     * The pipeline's name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The stages in topological order: each stage comes after every stage it reads. For runners and
     * tools (the {@link dev.stagegraph.spi} package); pipeline authors do not need it.
     *
     * @return an immutable list
     */
    public List<StageNode> stages() {
        return stages;
    }

    /**
     * The stage whose output the sink receives. For runners and tools.
     *
     * @return the result stage
     */
    public StageNode resultStage() {
        return stages.get(result);
    }

    @Override
    public String toString() {
        return "Pipeline[" + name + ", " + stages.size() + " stages]";
    }
}
