package dev.stagegraph.video;

/**
 * A video source that cannot be read: a missing file, a file that is not video or is truncated, a
 * codec this FFmpeg build lacks, a URL that does not answer within its time-out, a stream that did
 * not come back within its reconnect window, a camera that is not there. The message is one line
 * that names the input (file or URL), says what went wrong and what to do, and can be shown to a
 * user as it is.
 */
public final class VideoSourceException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * A source failure.
     *
     * @param message one line: the input, what is wrong, what to do
     */
    public VideoSourceException(String message) {
        super(message);
    }

    /**
     * A source failure with its cause.
     *
     * @param message one line: the input, what is wrong, what to do
     * @param cause what failed underneath
     */
    public VideoSourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
