package dev.stagegraph.flink;

import dev.stagegraph.Outcome;
import java.util.Objects;

/**
 * One frame's outcome as it leaves the stage graph and crosses Flink's network: which source, which
 * frame, how it ended, the result value (for {@link Outcome.Kind#RESULT}) or the failure's
 * description (for {@link Outcome.Kind#FAILED}). Immutable once made; the value is owned by the
 * record (it must be plain data, not native memory the runtime releases). Serialized by
 * {@link FrameResultTypeInfo}'s serializer, never by Kryo.
 *
 * @param <R> the result type
 */
public final class FrameResult<R> {
    private final String source;
    private final long frame;
    private final Outcome.Kind kind;
    private final R value;
    private final String failure;

    /**
     * Makes a record.
     *
     * @param source the source's name
     * @param frame the frame's number within its source
     * @param kind how the frame ended
     * @param value the result for {@link Outcome.Kind#RESULT}, otherwise {@code null}
     * @param failure the failure's description for {@link Outcome.Kind#FAILED}, otherwise {@code null}
     */
    public FrameResult(String source, long frame, Outcome.Kind kind, R value, String failure) {
        this.source = Objects.requireNonNull(source, "source");
        this.frame = frame;
        this.kind = Objects.requireNonNull(kind, "kind");
        this.value = value;
        this.failure = failure;
    }

    /**
     * The record of a local outcome.
     *
     * @param outcome the outcome, read during the call only
     * @param frame the frame number to record
     * @param <R> the result type
     * @return the record
     */
    static <R> FrameResult<R> of(Outcome<?, ? extends R> outcome, long frame) {
        R value = outcome.kind() == Outcome.Kind.RESULT ? outcome.result() : null;
        String failure = outcome.failure() == null ? null : outcome.failure().describe();
        return new FrameResult<>(outcome.frame().source(), frame, outcome.kind(), value, failure);
    }

    /**
     * The source's name.
     *
     * @return the name
     */
    public String source() {
        return source;
    }

    /**
     * The frame's number within its source, counting every frame the source produced.
     *
     * @return the number, from 0
     */
    public long frame() {
        return frame;
    }

    /**
     * How the frame ended.
     *
     * @return the kind
     */
    public Outcome.Kind kind() {
        return kind;
    }

    /**
     * The result stage's value.
     *
     * @return the value for {@link Outcome.Kind#RESULT}, otherwise {@code null}
     */
    public R value() {
        return value;
    }

    /**
     * Where and why the frame failed.
     *
     * @return the failure's one-line description for {@link Outcome.Kind#FAILED}, otherwise {@code null}
     */
    public String failure() {
        return failure;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof FrameResult<?> r)) {
            return false;
        }
        return frame == r.frame && source.equals(r.source) && kind == r.kind && Objects.equals(value, r.value)
                && Objects.equals(failure, r.failure);
    }

    @Override
    public int hashCode() {
        return Objects.hash(source, frame, kind, value, failure);
    }

    @Override
    public String toString() {
        return "FrameResult[" + source + " #" + frame + " " + kind + (value != null ? " " + value : "")
                + (failure != null ? " " + failure : "") + "]";
    }
}
