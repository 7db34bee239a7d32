package dev.stagegraph;

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
        SKIP_FRAME
    }

    private static final ErrorPolicy FAIL_FAST = new ErrorPolicy(Kind.FAIL_FAST);
    private static final ErrorPolicy SKIP_FRAME = new ErrorPolicy(Kind.SKIP_FRAME);

    private final Kind kind;

    private ErrorPolicy(Kind kind) {
        this.kind = Objects.requireNonNull(kind, "kind");
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
     * This policy's kind.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
