package dev.stagegraph.samples.camera;

/**
 * A source that cannot be read: a missing file, a file that is not a video, a video this OpenCV
 * build cannot decode, a camera that is not there. The message is one line that names the input and
 * says what to do; the sample prints it as it is, without a stack trace.
 */
final class SourceException extends Exception {
    private static final long serialVersionUID = 1L;

    SourceException(String message) {
        super(message);
    }
}
