package dev.stagegraph.runtime;

import dev.stagegraph.Execution;
import dev.stagegraph.FrameSink;
import dev.stagegraph.FrameSource;
import dev.stagegraph.Pipeline;
import dev.stagegraph.Runner;
import java.util.Objects;

/**
 * The reference runner: one thread, stages in topological order, one frame at a time. It makes and
 * deals replicas exactly as the parallel runner does (frame {@code n} goes to replica
 * {@code n % replicas}), so for deterministic stages both deliver the same results. Use it to
 * debug a stage (every call is on the thread that called {@link Execution#await}, with a plain
 * stack) and as the baseline that parallel speed-ups are measured against.
 *
 * <p>Everything happens inside {@code await()} (or {@code run()}): the source and every instance
 * open on the calling thread, one after another, then frames run, then instances close in reverse
 * topological order. Immutable and thread-safe.
 */
public final class SequentialRunner implements Runner {
    private final boolean timing;

    private SequentialRunner(boolean timing) {
        this.timing = timing;
    }

    /**
     * A sequential runner that times every {@code process} call.
     *
     * @return the runner
     */
    public static SequentialRunner create() {
        return new SequentialRunner(true);
    }

    /**
     * A sequential runner that times calls or not; without timing the report keeps counts only.
     *
     * @param timing {@code true} to time calls
     * @return the runner
     */
    public static SequentialRunner create(boolean timing) {
        return new SequentialRunner(timing);
    }

    @Override
    public String mode() {
        return "sequential";
    }

    @Override
    public <S, R> Execution<S> start(Pipeline<S, R> pipeline, FrameSource<S> source, FrameSink<? super S, ? super R> sink) {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(sink, "sink");
        return new SequentialExecution<>(pipeline, source, sink, timing);
    }
}
