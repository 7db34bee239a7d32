package dev.stagegraph;

import java.time.Duration;
import java.util.Objects;

/**
 * What the runtime does when a stage's {@code process} throws. Set per stage with
 * {@link StageOptions#errorPolicy(ErrorPolicy)}, or for the whole pipeline with
 * {@link PipelineBuilder#defaultErrorPolicy(ErrorPolicy)}. Immutable.
 */
public final class ErrorPolicy {

    /** The kinds of policy. */
    public enum Kind {
        /** The first exception stops the run; unfinished frames are handed back. The default. */
        FAIL_FAST,
        /** The frame is failed and delivered to the sink as a failure, in order; the run goes on. */
        SKIP_FRAME,
        /** The frame is failed and the instance replaced by a fresh one, within a restart budget. */
        RESTART
    }

    private static final ErrorPolicy FAIL_FAST = new ErrorPolicy(Kind.FAIL_FAST, 0, Duration.ZERO);
    private static final ErrorPolicy SKIP_FRAME = new ErrorPolicy(Kind.SKIP_FRAME, 0, Duration.ZERO);

    private final Kind kind;
    private final int maxRestarts;
    private final Duration window;

    private ErrorPolicy(Kind kind, int maxRestarts, Duration window) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.maxRestarts = maxRestarts;
        this.window = window;
    }

    /**
     * The first exception stops the pipeline: the run ends with a {@link PipelineFailedException}
     * naming the stage, the replica and the frame, with the original exception as its cause.
     *
     * @return the fail-fast policy
     */
    public static ErrorPolicy failFast() {
        return FAIL_FAST;
    }

    /**
     * The failing frame is marked failed with the stage and the cause; stages that depend on it are
     * not called for that frame; the sink receives the failure in frame order; the run goes on.
     *
     * @return the skip-frame policy
     */
    public static ErrorPolicy skipFrame() {
        return SKIP_FRAME;
    }

    /**
     * The failing frame is failed (it is not retried: a stage that just threw may have left its
     * state half-updated) and delivered to the sink as a failure, in order; then the failing
     * instance is closed and replaced by a fresh one from the stage's factory, opened on the same
     * thread, before the next frame. More than {@code maxRestarts} restarts of one instance within
     * {@code window} escalate to fail-fast, as does a replacement whose {@code open} throws.
     *
     * @param maxRestarts how many restarts one instance may make within the window, at least 1
     * @param window the sliding window the restarts are counted in, positive
     * @return the restart policy
     * @throws IllegalArgumentException if a bound is not positive
     */
    public static ErrorPolicy restart(int maxRestarts, Duration window) {
        if (maxRestarts < 1) {
            throw new IllegalArgumentException("maxRestarts must be at least 1, was " + maxRestarts
                    + ": use failFast() to stop at the first failure");
        }
        if (window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("the restart window must be a positive duration, was " + window);
        }
        return new ErrorPolicy(Kind.RESTART, maxRestarts, window);
    }

    /**
     * How many restarts one instance may make within {@link #window()}.
     *
     * @return the budget; 0 unless the kind is {@link Kind#RESTART}
     */
    public int maxRestarts() {
        return maxRestarts;
    }

    /**
     * The sliding window restarts are counted in.
     *
     * @return the window; zero unless the kind is {@link Kind#RESTART}
     */
    public Duration window() {
        return window;
    }

    /**
     * This policy's kind.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }

    @Override
    public String toString() {
        String name = kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        return kind == Kind.RESTART ? name + "(" + maxRestarts + " per " + window + ")" : name;
    }
}
