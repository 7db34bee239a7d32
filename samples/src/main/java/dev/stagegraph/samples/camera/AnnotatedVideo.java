package dev.stagegraph.samples.camera;

import dev.stagegraph.FrameSink;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.DoubleSupplier;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;
import org.opencv.videoio.VideoWriter;
import org.opencv.videoio.Videoio;

/**
 * A sink that writes every frame, annotated, to an MJPEG AVI file that OpenCV and FFmpeg read back:
 * a box per object in its class's colour (grey until its track is confirmed), a tag with the track
 * ID, label (with a question mark below 50% confidence), confidence, height in metres and, with a
 * face model, the face score when a face was found, and a banner with the run's mode, frame number, live
 * FPS and track count. Draws on its own copy of the frame, so the input stays untouched.
 *
 * <p>The file is opened at the first frame, when the frame size is known. Called by one runtime
 * thread at a time; {@link #close()} after the run.
 */
final class AnnotatedVideo implements FrameSink<Frame, FrameResult>, AutoCloseable {
    private static final Scalar[] COLOURS = {new Scalar(80, 220, 80), new Scalar(0, 160, 255), new Scalar(255, 170, 60),
        new Scalar(220, 80, 220)};
    private static final Scalar GREY = new Scalar(170, 170, 170);
    private static final int FPS_WINDOW = 25;
    /** Below this confidence a label is shown with a question mark. */
    private static final double UNSURE = 0.5;
    /** From this face score on, the tag says a face was seen. */
    private static final double FACE = 0.5;

    private final Path file;
    private final DoubleSupplier fps;
    private final String caption;
    private final long[] stamps = new long[FPS_WINDOW];
    private VideoWriter writer;
    private Mat canvas;
    private long written;

    /**
     * A video sink.
     *
     * @param file the AVI file to write; replaced if it exists
     * @param fps the rate the video plays at, asked at the first frame (after the source opened)
     * @param caption what the banner says first, e.g. the run's mode
     */
    AnnotatedVideo(Path file, DoubleSupplier fps, String caption) {
        this.file = file;
        this.fps = fps;
        this.caption = caption;
    }

    @Override
    public void onResult(long frame, Frame input, FrameResult result) {
        Mat image = input.image;
        if (writer == null) {
            canvas = new Mat();
            writer = new VideoWriter(file.toString(), Videoio.CAP_OPENCV_MJPEG, VideoWriter.fourcc('M', 'J', 'P', 'G'),
                    fps.getAsDouble(),
                    image.size(), true);
            if (!writer.isOpened()) {
                throw new IllegalStateException("cannot write the video " + file.toAbsolutePath()
                        + ": check that its folder exists and is writable");
            }
        }
        image.copyTo(canvas);
        long now = System.nanoTime();
        if (result != null) {
            for (TrackedObject o : result.objects()) {
                draw(o);
            }
        }
        banner(frame, liveFps(now), result == null ? 0 : result.tally().tracks());
        writer.write(canvas);
        written++;
    }

    private void draw(TrackedObject o) {
        Box b = o.box();
        Scalar colour = o.confirmed() ? COLOURS[o.kind().ordinal()] : GREY;
        Imgproc.rectangle(canvas, new Point(b.x(), b.y()), new Point(b.right() - 1, b.bottom() - 1), colour,
                o.confirmed() ? 2 : 1);
        if (!o.confirmed()) {
            return;
        }
        String height = Double.isNaN(o.worldHeight()) ? "" : String.format(Locale.ROOT, " %.1fm", o.worldHeight());
        String kind = o.kind().label() + (o.confidence() < UNSURE ? "?" : "");
        String face = o.face() >= FACE ? String.format(Locale.ROOT, " face %.0f%%", 100 * o.face()) : "";
        String tag = String.format(Locale.ROOT, "#%d %s %.0f%%%s%s", o.track(), kind, 100 * o.confidence(), height, face);
        int[] base = new int[1];
        org.opencv.core.Size size = Imgproc.getTextSize(tag, Imgproc.FONT_HERSHEY_SIMPLEX, 0.38, 1, base);
        int top = Math.max(0, b.y() - (int) size.height - 5);
        int left = (int) Math.max(0, Math.min(b.x(), canvas.cols() - size.width - 4));
        Imgproc.rectangle(canvas, new Point(left, top), new Point(left + size.width + 4, top + size.height + 5), colour, -1);
        Imgproc.putText(canvas, tag, new Point(left + 2, top + size.height + 2), Imgproc.FONT_HERSHEY_SIMPLEX, 0.38,
                Scalar.all(0), 1, Imgproc.LINE_AA);
    }

    private void banner(long frame, double live, int tracks) {
        String text = String.format(Locale.ROOT, "%s | frame %d | %.1f FPS | %d tracks", caption, frame, live, tracks);
        int[] base = new int[1];
        org.opencv.core.Size size = Imgproc.getTextSize(text, Imgproc.FONT_HERSHEY_SIMPLEX, 0.5, 1, base);
        Imgproc.rectangle(canvas, new Point(0, 0), new Point(size.width + 12, size.height + 12), Scalar.all(0), -1);
        Imgproc.putText(canvas, text, new Point(6, size.height + 6), Imgproc.FONT_HERSHEY_SIMPLEX, 0.5, Scalar.all(255), 1,
                Imgproc.LINE_AA);
    }

    /** Frames per second over the last {@value #FPS_WINDOW} frames delivered. */
    private double liveFps(long now) {
        int slot = (int) (written % FPS_WINDOW);
        long oldest = written < FPS_WINDOW ? stamps[0] : stamps[slot];
        long span = written < FPS_WINDOW ? written : FPS_WINDOW;
        stamps[slot] = now;
        return span == 0 || now == oldest ? 0 : span * 1e9 / (now - oldest);
    }

    /**
     * How many frames were written.
     *
     * @return the count
     */
    long written() {
        return written;
    }

    /** Finishes the file and frees the buffers. */
    @Override
    public void close() {
        if (writer != null) {
            writer.release();
            canvas.release();
        }
    }
}
