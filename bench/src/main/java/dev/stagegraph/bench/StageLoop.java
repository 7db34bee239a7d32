package dev.stagegraph.bench;

import dev.stagegraph.FrameContext;
import dev.stagegraph.JoinStage;
import dev.stagegraph.Stage;
import java.util.List;

/**
 * The fair plain loop, the one the sequential runner replaces: a user's hand-written loop that
 * calls the diamond's own {@link Stage} objects ({@link NoopGraphs}' detector, size estimator,
 * classifier and aggregator, each returning pooled values) through their interfaces, one frame at
 * a time on the caller's thread, with one reused {@link FrameContext}. With {@code clock}, it
 * fills the context as the runtime promises it (the frame's number, its source, and the take time
 * read from {@link System#nanoTime()} for each frame, which is also the capture time of a source
 * that gives none); without, the context carries the number and source only, as a loop whose
 * stages never ask for times could. Nothing is allocated per frame.
 */
final class StageLoop implements Harness {
    private final boolean clock;
    private final Stage<Value, Value> detector = new NoopGraphs.Detector();
    private final Stage<Value, Value> size = new NoopGraphs.SizeEstimator();
    private final Stage<Value, Value> classifier = new NoopGraphs.Classifier();
    private final JoinStage<Value, Value, Value> aggregator = new NoopGraphs.Aggregator();
    private final Context context = new Context();
    private final Value frame = new Value();
    private long issued;
    private long checksum;

    StageLoop(boolean clock) {
        this.clock = clock;
    }

    @Override
    public long run(int frames) throws Exception {
        long sum = checksum;
        for (int i = 0; i < frames; i++) {
            long n = issued++;
            frame.value = n;
            context.number = n;
            if (clock) {
                long now = System.nanoTime();
                context.timestampNanos = now;
                context.takenNanos = now;
            }
            Value detected = detector.process(frame, context);
            sum += aggregator.process(size.process(detected, context), classifier.process(detected, context), context).value;
        }
        checksum = sum;
        return sum;
    }

    @Override
    public List<Thread> threads() {
        return List.of();
    }

    @Override
    public void close() {}

    /** The loop's one frame context, refilled for each frame. */
    private static final class Context implements FrameContext {
        long number;
        long timestampNanos;
        long takenNanos;

        @Override
        public long number() {
            return number;
        }

        @Override
        public String source() {
            return "loop";
        }

        @Override
        public long timestampNanos() {
            return timestampNanos;
        }

        @Override
        public long takenNanos() {
            return takenNanos;
        }
    }
}
