package dev.stagegraph.flink;

/**
 * Fails a Flink task when a source's run of the stage graph failed: a fail-fast stage threw, a stage
 * failed to open, the source failed. The cause is the local runner's error (usually a
 * {@link dev.stagegraph.PipelineFailedException} naming the stage and frame). Flink's restart
 * strategy then decides whether the task restarts, re-opening the stages.
 */
public final class PipelineOnFlinkException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * Makes the exception.
     *
     * @param message which source failed where
     * @param cause the local error
     */
    public PipelineOnFlinkException(String message, Throwable cause) {
        super(message, cause);
    }
}
