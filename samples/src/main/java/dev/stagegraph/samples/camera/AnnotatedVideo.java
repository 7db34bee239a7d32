package dev.stagegraph.samples.camera;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.DoubleSupplier;

/**
 * Writes the frames the {@link Renderer} encoded to an MJPEG AVI file ({@link MjpegAvi}) that
 * OpenCV and FFmpeg read back. The file is created at the first frame, when the frame size is known.
 * Called by the sink's thread, one frame at a time, in order; {@link #close()} after the run.
 */
final class AnnotatedVideo implements AutoCloseable {
    private final Path file;
    private final DoubleSupplier fps;
    private MjpegAvi avi;

    /**
     * A video.
     *
     * @param file the AVI file to write; replaced if it exists
     * @param fps the rate the video plays at, asked at the first frame (after the source opened)
     */
    AnnotatedVideo(Path file, DoubleSupplier fps) {
        this.file = file;
        this.fps = fps;
    }

    /**
     * Appends one frame.
     *
     * @param input the frame, for its size
     * @param jpeg the annotated frame
     * @throws IOException if the file cannot be written
     */
    void write(Frame input, byte[] jpeg) throws IOException {
        if (avi == null) {
            try {
                avi = new MjpegAvi(file, input.image.cols(), input.image.rows(), fps.getAsDouble());
            } catch (IOException e) {
                throw new IOException("cannot write the video " + file.toAbsolutePath() + ": " + e.getMessage(), e);
            }
        }
        avi.write(jpeg);
    }

    /**
     * How many frames were written.
     *
     * @return the count
     */
    long written() {
        return avi == null ? 0 : avi.frames();
    }

    /** Finishes the file. */
    @Override
    public void close() throws IOException {
        if (avi != null) {
            avi.close();
        }
    }
}
