package dev.stagegraph;

import dev.stagegraph.report.FrameFailure;

/** The immutable implementations of {@link FrameContext} and {@link Outcome}. */
final class Frames {
    private Frames() {}

    /** An immutable frame context. */
    record Fixed(long number, String source, long timestampNanos, long takenNanos) implements FrameContext {
        @Override
        public FrameContext copy() {
            return this;
        }
    }

    /** An immutable outcome, made by {@link Outcome#copy()}. */
    record Kept<S, R>(Kind kind, FrameContext frame, S input, R value, FrameFailure failure) implements Outcome<S, R> {
        @Override
        public R result() {
            return Outcome.checkResult(this, value);
        }

        @Override
        public Outcome<S, R> copy() {
            return this;
        }

        @Override
        public String toString() {
            return Outcome.describe(this);
        }
    }
}
