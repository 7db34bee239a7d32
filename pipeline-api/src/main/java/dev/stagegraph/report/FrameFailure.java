package dev.stagegraph.report;

/**
 * Where and why a frame failed. Immutable.
 *
 * @param stage the failing stage's name ({@code "source"} or {@code "sink"} for the pipeline's ends)
 * @param replica the failing instance's replica index
 * @param frame the frame number
 * @param cause what the stage threw
 */
public record FrameFailure(String stage, int replica, long frame, Throwable cause) {

    /**
     * A one-line description: stage, replica, frame and cause.
     *
     * @return the description
     */
    public String describe() {
        return "stage '" + stage + "' (replica " + replica + ") failed on frame " + frame + ": " + cause;
    }
}
