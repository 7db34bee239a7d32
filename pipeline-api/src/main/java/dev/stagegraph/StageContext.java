package dev.stagegraph;

/**
 * What a stage instance learns about itself and its run at {@code open}: its identity and the run's
 * parameters. Immutable for the instance's life; may be kept and read from the instance's calls.
 */
public interface StageContext {

    /**
     * The pipeline's name.
     *
     * @return the name
     */
    String pipeline();

    /**
     * The stage's name, unique within the pipeline.
     *
     * @return the name
     */
    String stage();

    /**
     * This instance's index, from 0 to {@code replicas() - 1}.
     *
     * @return the replica index
     */
    int replica();

    /**
     * How many instances of the stage run.
     *
     * @return the replica count
     */
    int replicas();

    /**
     * The value this run binds to {@code key} (see {@link Runner#start(Pipeline,
     * dev.stagegraph.source.FrameSource, FrameSink, java.util.Map)}), or the key's default.
     *
     * @param key the parameter
     * @param <T> its type
     * @return the value, never {@code null}
     * @throws IllegalStateException if the run binds no value and the key has no default; thrown
     *     from {@code open}, it fails the run's start with a message naming this stage and the key
     */
    <T> T param(Param<T> key);
}
