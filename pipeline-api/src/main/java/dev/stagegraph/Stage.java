package dev.stagegraph;

/**
 * A long-lived, stateful processor with one input port: the unit a pipeline is made of.
 *
 * <h2>Call order</h2>
 * For each instance the runtime calls {@link #open} exactly once, then {@link #process} once per
 * frame that reaches it, then {@link #endOfStream} once per source that ended (unless the run had
 * failed or been aborted by the time this instance saw the end), then {@link #close} exactly once. {@code close} is called even when
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
 * {@link StageOptions#replicas(int) replicas(n)} has n instances that share the frames, so a
 * replicated stage must not keep state that needs every frame (trackers and background models are
 * declared {@link StageOptions#ordered()} and run as one instance). Downstream stages and the sink
 * see results in frame order whatever the replica count.
 *
 * <h2>Frames, results and native memory</h2>
 * The input, the {@link FrameContext} and the returned value are owned by the runtime for the
 * duration of the frame: they may be read by other stages concurrently, so treat inputs as
 * read-only and do not keep a reference to them after {@code process} returns (copy what you keep).
 * A stage may return a value that holds native memory (an OpenCV {@code Mat}, any
 * {@link AutoCloseable}, or a type whose release is declared with
 * {@link PipelineBuilder#release(Port, java.util.function.Consumer)}): the runtime releases it
 * exactly once, after the last stage and the sink that read it are done with it, on every path.
 * Returning {@code null} means "no result for this frame": stages that read this stage's port are
 * not called for the frame (unless they read it {@link Port#optional() optionally}) and the sink
 * receives {@link Outcome.Kind#NO_RESULT}.
 *
 * <h2>Failures</h2>
 * An exception from {@code process} fails the frame (never the thread); what follows is the stage's
 * {@link ErrorPolicy}. Downstream stages are not called for a failed frame, unless they read the
 * failed port optionally: then they see it absent, and the frame still ends failed.
 *
 * @param <I> the type read from the input port
 * @param <O> the type written to this stage's output port
 */
public interface Stage<I, O> {

    /**
     * Sets the stage up: load a model, train a classifier, open a device. Called once per instance,
     * before any frame, on the thread that will call {@link #process}.
     *
     * @param context the instance's name, replica index and the run's parameters
     * @throws Exception to fail the whole pipeline start; the error names this stage
     */
    default void open(StageContext context) throws Exception {}

    /**
     * Processes one frame.
     *
     * @param input the upstream result for this frame, never {@code null}
     * @param frame the frame's number, source and capture time; valid during this call only
     * @return this stage's result for the frame, or {@code null} for "no result"
     * @throws Exception fails this frame; the stage's {@link ErrorPolicy} decides what follows
     */
    O process(I input, FrameContext frame) throws Exception;

    /**
     * The source named {@code source} ended and this instance has seen every one of its frames that
     * reached it: emit or log a final state. Not called once the run has failed or been aborted
     * (with stages running in parallel, a stage that finished its frames may be told the end before
     * a stage downstream fails). Runs on the thread that calls {@code process}.
     *
     * @param source the source's name
     * @throws Exception fails the run, as a fail-fast error of this stage
     */
    default void endOfStream(String source) throws Exception {}

    /**
     * Releases what {@link #open} acquired. Called once per successfully opened instance, after its
     * last call returned, in reverse topological order of the stages, also after failures.
     *
     * @throws Exception reported with the run; the other stages are still closed
     */
    default void close() throws Exception {}
}
