package dev.stagegraph;

/**
 * A typed handle to the output of the pipeline's source or of one stage. Wiring a stage means
 * passing it the ports it reads, so {@code javac} checks every edge and a graph is acyclic by
 * construction. A port belongs to the {@link PipelineBuilder} that made it and cannot be used with
 * another.
 *
 * <p>Immutable and safe to share; carries no data itself.
 *
 * @param <T> the type of value a frame carries on this port
 */
public final class Port<T> {
    private final PipelineBuilder<?> owner;
    private final int stage;
    private final String name;

    Port(PipelineBuilder<?> owner, int stage, String name) {
        this.owner = owner;
        this.stage = stage;
        this.name = name;
    }

    /**
     * The name of the stage that writes this port, or {@code "source"}.
     *
     * @return the writer's name
     */
    public String name() {
        return name;
    }

    PipelineBuilder<?> owner() {
        return owner;
    }

    /** The writing stage's index in topological order, or {@link StageNode#SOURCE} for the source. */
    int stage() {
        return stage;
    }

    @Override
    public String toString() {
        return "Port[" + name + "]";
    }
}
