package dev.stagegraph.samples.camera;

import dev.stagegraph.video.VideoFileWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.DoubleSupplier;
import org.opencv.core.Mat;

/**
 * Writes the frames the {@link Renderer} annotated with pipeline-video's {@link VideoFileWriter}:
 * H.264 in MP4 (also {@code .mov}, {@code .mkv}), or MJPEG when the name ends in {@code .avi}, each
 * frame at its source's presentation time. The file is created at the first frame, when the frame
 * size is known. Called by the sink's thread, one frame at a time, in order; {@link #close()} after
 * the run.
 */
final class AnnotatedVideo implements AutoCloseable {
    private final Path file;
    private final DoubleSupplier fps;
    private VideoFileWriter writer;

    /**
     * A video.
     *
     * @param file the file to write, ending in {@code .mp4}, {@code .mov}, {@code .mkv} or {@code .avi};
     *     replaced if it exists
     * @param fps the nominal rate, asked at the first frame (after the source opened)
     */
    AnnotatedVideo(Path file, DoubleSupplier fps) {
        this.file = file;
        this.fps = fps;
    }

    /**
     * Appends one frame.
     *
     * @param image the annotated frame, BGR; read, not kept
     * @param ptsNanos the frame's presentation time, later than the previous frame's
     * @throws IOException if the file cannot be created or written
     */
    void write(Mat image, long ptsNanos) throws IOException {
        if (writer == null) {
            try {
                writer = VideoFileWriter.open(file, image.cols(), image.rows(), fps.getAsDouble());
            } catch (IOException | IllegalArgumentException e) {
                throw new IOException("cannot write the video " + file.toAbsolutePath() + ": " + e.getMessage(), e);
            }
        }
        writer.write(image, ptsNanos);
    }

    /**
     * How many frames were written.
     *
     * @return the count
     */
    long written() {
        return writer == null ? 0 : writer.frames();
    }

    /** Finishes the file. */
    @Override
    public void close() throws IOException {
        if (writer != null) {
            writer.close();
        }
    }
}
