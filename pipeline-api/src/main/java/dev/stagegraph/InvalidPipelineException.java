package dev.stagegraph;

/**
 * A pipeline definition that cannot run, rejected while it is built. The message names the stage
 * and says what to change. The builder is left as it was before the rejected call.
 */
public final class InvalidPipelineException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong and what to do
     */
    public InvalidPipelineException(String message) {
        super(message);
    }
}
