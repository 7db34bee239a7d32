package dev.stagegraph.report;

/**
 * A {@code process} call ran past its stage's {@link dev.stagegraph.StageOptions#timeLimit(java.time.Duration)
 * time limit}. The cause of the frame's {@link FrameFailure}; its stack trace is the stuck
 * thread's stack at the moment the limit was found exceeded.
 */
public final class StageTimeoutException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message names the stage, replica and frame, the limit and how long the call had run
     * @param stuckAt the stage thread's stack when the limit was found exceeded
     */
    public StageTimeoutException(String message, StackTraceElement[] stuckAt) {
        super(message);
        setStackTrace(stuckAt);
    }
}
