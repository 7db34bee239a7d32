package dev.stagegraph;

import dev.stagegraph.spi.StageNode;
import java.util.Optional;

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
    private final boolean optional;

    Port(PipelineBuilder<?> owner, int stage, String name, boolean optional) {
        this.owner = owner;
        this.stage = stage;
        this.name = name;
        this.optional = optional;
    }

    /**
     * The name of the stage that writes this port, or {@code "source"}.
     *
     * @return the writer's name
     */
    public String name() {
        return name;
    }

    /**
     * The same port, read optionally: a stage wired to the returned port is called for every frame,
     * with {@link Optional#empty()} where the writer had no result or failed, instead of being
     * skipped. For stages that must see every frame, such as a tracker whose tracks age on frames
     * without detections. A frame whose writer failed still ends failed.
     *
     * @return the optional view of this port
     * @throws IllegalStateException if this port is already optional
     */
    @SuppressWarnings("unchecked")
    public Port<Optional<T>> optional() {
        if (optional) {
            throw new IllegalStateException("port '" + name + "' is already optional");
        }
        return (Port<Optional<T>>) (Port<?>) new Port<>(owner, stage, name, true);
    }

    /**
     * Whether this is the optional view made by {@link #optional()}.
     *
     * @return {@code true} for an optional view
     */
    public boolean isOptional() {
        return optional;
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
        return "Port[" + name + (optional ? ", optional" : "") + "]";
    }
}
