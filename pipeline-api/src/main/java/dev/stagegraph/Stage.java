package dev.stagegraph;

/**
 * A long-lived, stateful processor with one input port: the unit a pipeline is made of.
 *
 * <h2>Call order</h2>
 * For each instance the runtime calls {@link #open} exactly once, then {@link #process} once per
 * frame that reaches it, then {@link #close} exactly once. {@code close} is called even when
 * {@code open} or {@code process} of this or any other stage failed, unless {@code open} of this
 * very instance failed: an instance whose {@code open} threw is never processed and never closed,
 * so {@code open} must clean up after itself before it throws.
 *
 * <h2>Threads</h2>
 * An instance is never called by two threads at once, so stage code needs no locks. Each call
 * happens-after the previous call on the same instance returned, so plain fields are safe. Which
 * thread calls is not fixed and may differ between runners: {@code open} runs on the thread that
 * will call {@code process} (the parallel runner opens all instances at the same time, each on its
 * own thread), {@code close} may run on another runtime thread. Do not use {@code ThreadLocal}.
 *
 * <h2>Order and replicas</h2>
 * A stage with one instance sees the frames that reach it in frame order. A stage declared with
 * {@link StageOptions#replicas(int) replicas(n)} has n instances; instance k receives the frames
 * whose number is congruent to k modulo n, so a replicated stage must not keep state that needs
 * every frame (trackers, background models stay at one instance). Downstream stages and the sink
 * see results in frame order whatever the replica count.
 *
 * <h2>Frames and results</h2>
 * The input and the returned value are owned by the runtime for the duration of the frame: they may
 * be read by other stages concurrently, so treat inputs as read-only and do not keep a reference to
 * them after {@code process} returns (copy what you keep). Returning {@code null} means "no result
 * for this frame": stages that read this stage's port are not called for the frame and produce no
 * result either, and the sink receives {@code null}. Return an empty collection instead when
 * downstream stages must see the frame.
 *
 * <h2>Failures</h2>
 * An exception from {@code process} fails the frame (never the thread); what follows is the stage's
 * {@link ErrorPolicy}. Downstream stages are not called for a failed frame.
 *
 * @param <I> the type read from the input port
 * @param <O> the type written to this stage's output port
 */
public interface Stage<I, O> {

    /**
     * Sets the stage up: load a model, train a classifier, open a device. Called once per instance,
     * before any frame, on the thread that will call {@link #process}.
     *
     * @param context the instance's name and replica index
     * @throws Exception to fail the whole pipeline start; the error names this stage
     */
    default void open(StageContext context) throws Exception {}

    /**
     * Processes one frame.
     *
     * @param input the upstream result for this frame, never {@code null}
     * @param frame the frame number given by the source, starting at 0
     * @return this stage's result for the frame, or {@code null} for "no result"
     * @throws Exception fails this frame; the stage's {@link ErrorPolicy} decides what follows
     */
    O process(I input, long frame) throws Exception;

    /**
     * Releases what {@link #open} acquired. Called once per successfully opened instance, after its
     * last {@code process} call returned, in reverse topological order of the stages, also after
     * failures.
     *
     * @throws Exception reported with the run; the other stages are still closed
     */
    default void close() throws Exception {}
}
