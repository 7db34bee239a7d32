package dev.stagegraph;

import java.time.Duration;
import java.util.Arrays;
import java.util.function.Function;

/**
 * One stage of a built {@link Pipeline}, as runners and tools see it: its name, position, inputs,
 * replicas and resolved error policy, and a way to make instances. Immutable.
 */
public final class StageNode {

    /** The index {@link #input(int)} returns for the pipeline's source. */
    public static final int SOURCE = -1;

    /** The shape of a stage, by how many ports it reads. */
    public enum Shape {
        /** A {@link Stage}: one input. */
        SINGLE,
        /** A {@link JoinStage}: two inputs. */
        JOIN,
        /** A {@link MultiStage}: any number of inputs. */
        MULTI
    }

    private final String name;
    private final int index;
    private final int[] inputs;
    private final int replicas;
    private final ErrorPolicy errorPolicy;
    private final Duration timeLimit;
    private final boolean ordered;
    private final Shape shape;
    private final Function<StageNode, StageInstance> instances;

    StageNode(String name, int index, int[] inputs, int replicas, ErrorPolicy errorPolicy, Duration timeLimit, boolean ordered,
            Shape shape, Function<StageNode, StageInstance> instances) {
        this.name = name;
        this.index = index;
        this.inputs = inputs.clone();
        this.replicas = replicas;
        this.errorPolicy = errorPolicy;
        this.timeLimit = timeLimit;
        this.ordered = ordered;
        this.shape = shape;
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
     * How many instances run.
     *
     * @return the replica count, at least 1
     */
    public int replicas() {
        return replicas;
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
        return timeLimit;
    }

    /**
     * Whether the stage needs every frame in order, and so runs as one instance.
     *
     * @return {@code true} if declared {@link StageOptions#ordered()}
     */
    public boolean ordered() {
        return ordered;
    }

    /**
     * The stage's shape.
     *
     * @return the shape
     */
    public Shape shape() {
        return shape;
    }

    /**
     * Makes a new instance by calling the stage's factory. Not opened yet.
     *
     * @return the instance
     * @throws IllegalStateException if the factory returned {@code null}
     */
    public StageInstance newInstance() {
        return instances.apply(this);
    }

    int[] inputArray() {
        return inputs.clone();
    }

    @Override
    public String toString() {
        return "StageNode[" + name + ", inputs=" + Arrays.toString(inputs) + ", replicas=" + replicas + "]";
    }
}
