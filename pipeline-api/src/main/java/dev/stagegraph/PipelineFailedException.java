package dev.stagegraph;

import dev.stagegraph.report.FrameFailure;
import dev.stagegraph.report.RunReport;

/**
 * A run that ended because of an error: a stage failed to open, a stage with the fail-fast policy
 * threw, the source failed, or the sink threw. The message names the stage, the replica and the
 * frame; the cause is the original exception; other errors met while stopping (a failing
 * {@code close}, for example) are attached as suppressed exceptions. The report says what was done
 * before the failure; the frames that did not finish are in {@link Execution#unfinished()}.
 */
public final class PipelineFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient FrameFailure failure;
    private final transient RunReport report;

    /**
     * Creates the exception.
     *
     * @param message names the stage, replica and frame, and says what happened
     * @param failure the failure, with its stage, replica and frame
     * @param report what the run did before it stopped
     */
    public PipelineFailedException(String message, FrameFailure failure, RunReport report) {
        super(message, failure.cause());
        this.failure = failure;
        this.report = report;
    }

    /**
     * The failure that stopped the run.
     *
     * @return the failure; {@code frame()} is -1 for an error outside any frame (open, close)
     */
    public FrameFailure failure() {
        return failure;
    }

    /**
     * What the run did before it stopped.
     *
     * @return the report
     */
    public RunReport report() {
        return report;
    }
}
