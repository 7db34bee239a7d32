package dev.stagegraph;

import dev.stagegraph.report.RunReport;
import dev.stagegraph.source.FrameSource;
import java.util.Iterator;
import java.util.List;

/**
 * The outcomes of a run, in frame order, as a blocking iterator, made by
 * {@link Runner#results(Pipeline, dev.stagegraph.source.FrameSource, java.util.Map)}. Each element
 * is an immutable {@link Outcome#copy() copy}, safe to keep (its input and result are the objects
 * the pipeline made: copy native pixels if the runtime releases or reuses them).
 *
 * <p>For one consumer thread. {@link #hasNext()} blocks until the next outcome or the end of the
 * run; at the end of a failed run it throws the run's {@link PipelineFailedException}, after every
 * outcome delivered before the failure. Closing it before the end aborts the run; closing always
 * leaves no thread of the run alive.
 *
 * <pre>{@code
 * try (Results<Long, Integer> results = runner.results(pipeline, FrameSource.of(frames))) {
 *     List<Outcome<Long, Integer>> all = results.toList();
 *     RunReport report = results.report();
 * }
 * }</pre>
 *
 * @param <S> the frame type
 * @param <R> the result type
 */
public interface Results<S, R> extends Iterator<Outcome<S, R>>, AutoCloseable {

    /**
     * Waits for the next outcome or the end of the run.
     *
     * @return {@code true} if there is another outcome
     * @throws PipelineFailedException at the end of a run that failed
     * @throws IllegalStateException if the waiting thread is interrupted (its flag is set again)
     */
    @Override
    boolean hasNext();

    /**
     * Every remaining outcome, waiting for the run to end.
     *
     * @return an immutable list, in frame order
     * @throws PipelineFailedException if the run failed
     */
    List<Outcome<S, R>> toList();

    /**
     * The run's report, once every outcome has been read.
     *
     * @return the report
     * @throws IllegalStateException if outcomes are still unread: iterate to the end or call
     *     {@link #toList()} first
     */
    RunReport report();

    /** Aborts the run if it is still going, and waits for its threads. Idempotent. */
    @Override
    void close();
}
