package dev.stagegraph.runtime;

import dev.stagegraph.FrameContext;
import dev.stagegraph.Outcome;
import dev.stagegraph.report.FrameFailure;

/**
 * The one reusable {@link Outcome} a delivering thread hands to the sink, refilled for each frame,
 * so delivery allocates nothing. It also holds the reusable {@link FrameContext} of frames that have
 * no slot (dropped frames). Confined to the delivering thread.
 */
final class OutcomeView implements Outcome<Object, Object> {
    private Kind kind;
    private FrameContext frame;
    private Object input;
    private Object value;
    private FrameFailure failure;
    private final Unslotted unslotted = new Unslotted();

    OutcomeView of(Kind k, FrameContext context, Object in, Object result, FrameFailure f) {
        kind = k;
        frame = context;
        input = in;
        value = result;
        failure = f;
        return this;
    }

    /** A frame the live source dropped: no slot, no input, no capture time of its own. */
    OutcomeView dropped(long frameNumber, String sourceName) {
        return of(Kind.DROPPED, unslotted(frameNumber, sourceName), null, null, null);
    }

    /** The reusable context of a frame with no slot: a number and a source, no capture time. */
    FrameContext unslotted(long frameNumber, String sourceName) {
        unslotted.number = frameNumber;
        unslotted.source = sourceName;
        return unslotted;
    }

    void clear() {
        frame = null;
        input = null;
        value = null;
        failure = null;
    }

    @Override
    public Kind kind() {
        return kind;
    }

    @Override
    public FrameContext frame() {
        return frame;
    }

    @Override
    public Object input() {
        return input;
    }

    @Override
    public Object result() {
        return Outcome.checkResult(this, value);
    }

    @Override
    public FrameFailure failure() {
        return failure;
    }

    @Override
    public String toString() {
        return Outcome.describe(this);
    }

    private static final class Unslotted implements FrameContext {
        long number;
        String source;

        @Override
        public long number() {
            return number;
        }

        @Override
        public String source() {
            return source;
        }

        @Override
        public long timestampNanos() {
            return Long.MIN_VALUE;
        }

        @Override
        public long takenNanos() {
            return Long.MIN_VALUE;
        }
    }
}
