package dev.stagegraph;

import dev.stagegraph.report.Progress;
import dev.stagegraph.report.RunReport;
import java.time.Duration;
import java.util.List;

/**
 * One run of a pipeline, started by {@link Runner#start}. Its methods may be called from any
 * thread that is not one of the run's own (a stage, the source or the sink calling {@link #abort}
 * or {@link #close} is rejected with an {@link IllegalStateException}; {@link #stop} is allowed
 * anywhere). Closing it stops the run (see {@link #close}) and guarantees that no thread the run
 * created is still alive.
 *
 * @param <S> the frame type
 */
public interface Execution<S> extends AutoCloseable {

    /**
     * Waits for the run to end: the source ran out, or {@link #stop} drained it, or
     * {@link #abort} cut it short. Every stage instance has been closed, every outcome delivered to
     * the sink and every value the runtime held released when it returns.
     *
     * @return the report
     * @throws PipelineFailedException if a stage failed to open, a fail-fast stage threw, the source
     *     failed or the sink threw
     * @throws InterruptedException if the waiting thread was interrupted; the run goes on
     */
    RunReport await() throws InterruptedException;

    /**
     * Waits up to {@code timeout} for the run to end by itself (the source ran out, a drain
     * finished, or a failure stopped it). Unlike {@link #await()} it neither closes anything nor
     * throws the run's error. A sequential run executes inside {@link #await()}, so for it this
     * returns only once some other thread has called {@code await()}.
     *
     * @param timeout how long to wait
     * @return {@code true} if the run has ended
     * @throws InterruptedException if the waiting thread was interrupted
     */
    boolean awaitEnd(Duration timeout) throws InterruptedException;

    /**
     * Asks the run to drain: no new frames are taken from the source, every frame already taken
     * finishes, then the stages close. Takes effect when the source's current {@code next} call
     * returns (end a {@link dev.stagegraph.source.PushSource} to make it return). Returns at once;
     * {@link #await} waits for the end.
     */
    void stop();

    /**
     * Stops the run without finishing the frames in flight, and returns within about
     * {@code timeout}. Frames taken but not finished are delivered to the sink as
     * {@link Outcome.Kind#ABORTED} (or failed, if a stage failed on them), counted, and listed by
     * {@link #unfinished}. A stage stuck in {@code process} or {@code close} is interrupted; if it
     * ignores interrupts, its thread is named in the report and its instance is not called again.
     * Never throws the run's error: the report says it.
     *
     * @param timeout how long to wait for the stages to return, positive
     * @return the report
     * @throws InterruptedException if the calling thread was interrupted
     * @throws IllegalArgumentException if {@code timeout} is {@code null}, zero or negative
     */
    RunReport abort(Duration timeout) throws InterruptedException;

    /**
     * The run's counts now; cheap enough to poll a few times a second from any thread.
     *
     * @return the counts
     */
    Progress progress();

    /**
     * The frames that were taken from the source but neither completed nor failed, in frame order.
     * Empty until the run has ended. Ownership passes to the caller: the runtime does not release
     * these frames.
     *
     * @return an immutable list
     */
    List<S> unfinished();

    /**
     * Ends the run if it has not ended, waits for it, and releases its threads: a drain
     * ({@link #stop()} then {@link #await()}), or an abort when the waiting thread is interrupted.
     * Idempotent. Errors of the run are thrown by {@link #await}, not here.
     */
    @Override
    void close();
}
