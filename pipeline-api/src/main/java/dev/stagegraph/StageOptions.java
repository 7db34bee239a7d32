package dev.stagegraph;

/**
 * How a stage runs: how many instances, and what happens when it throws. Immutable; each setter
 * returns a new value, so a shared {@code StageOptions} can be reused.
 *
 * <pre>{@code
 * StageOptions.defaults().replicas(3).errorPolicy(ErrorPolicy.skipFrame())
 * }</pre>
 */
public final class StageOptions {
    private static final StageOptions DEFAULTS = new StageOptions(1, null);

    private final int replicas;
    private final ErrorPolicy errorPolicy;

    private StageOptions(int replicas, ErrorPolicy errorPolicy) {
        this.replicas = replicas;
        this.errorPolicy = errorPolicy;
    }

    /**
     * One instance, and the pipeline's default error policy.
     *
     * @return the default options
     */
    public static StageOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Runs {@code count} instances of the stage, each made by the stage's factory, opened once and
     * single-threaded. Frames are spread over them by frame number and their results are put back in
     * frame order before any consumer sees them. Keep stages whose state needs every frame at 1.
     *
     * @param count how many instances, at least 1
     * @return options with that replica count
     * @throws IllegalArgumentException if {@code count < 1}
     */
    public StageOptions replicas(int count) {
        if (count < 1) {
            throw new IllegalArgumentException(
                    "replicas must be at least 1, was " + count + ": use 1 for a stage that needs every frame in order");
        }
        return new StageOptions(count, errorPolicy);
    }

    /**
     * Sets what happens when the stage's {@code process} throws.
     *
     * @param policy the policy; {@code null} means the pipeline's default
     * @return options with that policy
     */
    public StageOptions errorPolicy(ErrorPolicy policy) {
        return new StageOptions(replicas, policy);
    }

    /**
     * How many instances of the stage run.
     *
     * @return the replica count, at least 1
     */
    public int replicas() {
        return replicas;
    }

    /**
     * The stage's own error policy.
     *
     * @return the policy, or {@code null} when the pipeline's default applies
     */
    public ErrorPolicy errorPolicy() {
        return errorPolicy;
    }
}
