package dev.stagegraph;

/**
 * Receives every frame's {@link Outcome}, exactly once and in frame order, whatever ran in
 * parallel: results, no results, failures (under skip-frame and restart policies, and the frame
 * that stopped a fail-fast run), frames a live source dropped (where they would have been), and,
 * when a run is cut short, the aborted frames at the end.
 *
 * <p>In a run over several sources the order is each source's own: a source's outcomes arrive in
 * its frame order, interleaved with the other sources' in an order that depends on timing (tell
 * them apart by {@link FrameContext#source()}); dropped frames fill the gaps in each source's own
 * numbers.
 *
 * <p>There is no default method that could swallow a kind of outcome: a lambda receives them all,
 * and {@link Outcome#result()} throws for an outcome that has no result, so a sink that only reads
 * results stops the run at the first failure instead of losing it.
 *
 * <p>Called by one runtime thread at a time (which thread is not fixed). The outcome and the
 * objects it leads to are valid only during the call: copy what you keep. A slow sink slows the
 * pipeline like a slow stage. An exception from the sink stops the run as a fail-fast error of the
 * stage named {@code "sink"}.
 *
 * @param <S> the frame type
 * @param <R> the result type
 */
@FunctionalInterface
public interface FrameSink<S, R> {

    /**
     * One frame's outcome.
     *
     * @param outcome how the frame ended; valid only during this call
     * @throws Exception stops the run
     */
    void accept(Outcome<? extends S, ? extends R> outcome) throws Exception;

    /**
     * A sink that ignores every outcome, including failures (the report still counts them).
     *
     * @param <S> the frame type
     * @param <R> the result type
     * @return the sink
     */
    static <S, R> FrameSink<S, R> discard() {
        return outcome -> {};
    }
}
