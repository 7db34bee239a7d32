package dev.stagegraph;

import dev.stagegraph.report.FrameFailure;

/**
 * How one frame ended, as the {@link FrameSink} receives it: exactly once per frame the source
 * delivered, in frame order (with several sources, in each source's frame order).
 *
 * <p>An outcome handed to a sink is owned by the runtime and reused for the next frame: it, its
 * {@link #frame()}, its input and its result are valid only during the sink's call (the runtime
 * releases the result and reuses the input afterwards). Use {@link #copy()} to keep the outcome
 * itself; copy the pixels of a native frame you keep.
 *
 * @param <S> the frame type
 * @param <R> the result type
 */
public interface Outcome<S, R> {

    /** The ways a frame can end; the run report counts each. */
    enum Kind {
        /** Every stage on the result's path ran; {@link #result()} is its value. */
        RESULT,
        /** A stage on the result's path returned {@code null} ("no result"); {@link #result()} is {@code null}. */
        NO_RESULT,
        /** A stage failed on this frame; {@link #failure()} says which and why. */
        FAILED,
        /**
         * A live source had no room for the frame, so it was never processed; {@link #input()} is
         * {@code null}. Its number is the one the source gave it: the gaps are per source.
         */
        DROPPED,
        /** The run stopped before the frame finished; delivered when the run ends. */
        ABORTED
    }

    /**
     * How the frame ended.
     *
     * @return the kind
     */
    Kind kind();

    /**
     * The frame's number, source and capture time.
     *
     * @return the context
     */
    FrameContext frame();

    /**
     * The frame as the source delivered it.
     *
     * @return the frame, or {@code null} for a {@link Kind#DROPPED} frame
     */
    S input();

    /**
     * The result stage's value. Reading the result of a frame that did not produce one is an error,
     * so a sink that only reads results cannot lose a failure silently: the run stops with it.
     *
     * @return the value for {@link Kind#RESULT}, {@code null} for {@link Kind#NO_RESULT}
     * @throws IllegalStateException for a failed, dropped or aborted frame; a failure is the cause
     */
    R result();

    /**
     * Where and why the frame failed.
     *
     * @return the failure for {@link Kind#FAILED}, otherwise {@code null}
     */
    FrameFailure failure();

    /**
     * An immutable copy, safe to keep: the kind, a copy of the context, and the same input, result
     * and failure objects (copy native pixels yourself if the input or result is reused or
     * released by the runtime).
     *
     * @return the copy
     */
    default Outcome<S, R> copy() {
        R value = kind() == Kind.RESULT ? result() : null;
        return new Frames.Kept<>(kind(), frame().copy(), input(), value, failure());
    }

    /**
     * Checks that {@code outcome} has a result and returns it; the implementation of
     * {@link #result()} for implementations of this interface.
     *
     * @param outcome the outcome
     * @param value its result value
     * @param <R> the result type
     * @return {@code value}
     * @throws IllegalStateException if the outcome is not {@link Kind#RESULT} or {@link Kind#NO_RESULT}
     */
    static <R> R checkResult(Outcome<?, ?> outcome, R value) {
        Kind kind = outcome.kind();
        if (kind == Kind.RESULT || kind == Kind.NO_RESULT) {
            return value;
        }
        String what = "frame " + outcome.frame().number() + " of source '" + outcome.frame().source() + "' has no result: it was "
                + kind.name().toLowerCase(java.util.Locale.ROOT) + "; check kind() before reading result()";
        FrameFailure f = outcome.failure();
        throw f == null ? new IllegalStateException(what) : new IllegalStateException(what + " (" + f.describe() + ")", f.cause());
    }

    /**
     * A one-line description of an outcome, for {@code toString}.
     *
     * @param outcome the outcome
     * @return the description
     */
    static String describe(Outcome<?, ?> outcome) {
        String head = "Outcome[" + outcome.kind() + ", frame " + outcome.frame().number() + " of '" + outcome.frame().source() + "'";
        switch (outcome.kind()) {
            case RESULT:
                return head + ", " + outcome.result() + "]";
            case FAILED:
                return head + ", " + outcome.failure().describe() + "]";
            default:
                return head + "]";
        }
    }
}
