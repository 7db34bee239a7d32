package dev.stagegraph.samples.camera;

import dev.stagegraph.FrameContext;
import dev.stagegraph.JoinStage;
import dev.stagegraph.Param;
import dev.stagegraph.StageContext;
import java.util.Locale;
import java.util.Map;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * Draws a frame's results on a copy of it for the video and, with {@link #JPEG}, encodes that as
 * JPEG for the live view: a box per object in its class's colour (grey until its track is
 * confirmed), a tag with the track ID, label (with a question mark below 50% confidence), confidence
 * ("object", which no model labelled, has none), height in metres and, with a face model, the face
 * score when a face was found, and a banner with the run's caption, frame number, FPS and track
 * count. Stateless apart from its buffers, so it is replicated: drawing and encoding would otherwise
 * all fall on the one sink thread. With no caption (no video, no live view) it passes the result
 * through untouched.
 *
 * <p>Each annotated image is a new {@code Mat} that the result owns; the pipeline declares its
 * release ({@code b.release(port, Annotated::release)}), so the runtime frees it once the sink's
 * call for the frame returned.
 *
 * <p>The FPS in the banner is the pipeline's rate as this instance sees it: how far the frame
 * numbers it was given advanced over its last calls, per second.
 */
final class Renderer implements JoinStage<Frame, FrameResult, Annotated> {
    /** Each class's colour (BGR): the synthetic kinds, then COCO's street classes, then "object". */
    private static final Map<String, Scalar> COLOURS = Map.of(
            "person", new Scalar(80, 220, 80), "cart", new Scalar(0, 160, 255), "ball", new Scalar(255, 170, 60),
            "box", new Scalar(220, 80, 220), "car", new Scalar(0, 160, 255), "bicycle", new Scalar(255, 170, 60),
            "motorcycle", new Scalar(220, 80, 220), "bus", new Scalar(0, 230, 230), "truck", new Scalar(60, 60, 255),
            "object", new Scalar(255, 255, 255));
    private static final Scalar GREY = new Scalar(170, 170, 170);
    /** Below this confidence a label is shown with a question mark. */
    private static final double UNSURE = 0.5;
    /** From this face score on, the tag says a face was seen. */
    private static final double FACE = 0.5;
    /** The JPEG quality, 0 to 100. */
    static final int QUALITY = 80;
    private static final int WINDOW = 12;

    /** What the banner says first (e.g. the run's mode); empty, the default, for a run that writes no video. */
    static final Param<String> CAPTION = Param.of("caption", String.class, "");
    /** Whether each annotated frame is also JPEG-encoded, for a live view; off by default. */
    static final Param<Boolean> JPEG = Param.of("jpeg", Boolean.class, false);

    private String caption;
    private boolean encode;
    private final long[] frames = new long[WINDOW];
    private final long[] stamps = new long[WINDOW];
    private long calls;
    /** The frame being drawn during {@code process}; handed to its result, which owns it from then on. */
    private Mat canvas;
    private MatOfByte jpeg;
    private MatOfInt params;

    @Override
    public void open(StageContext context) {
        String text = context.param(CAPTION);
        caption = text.isEmpty() ? null : text;
        encode = context.param(JPEG);
        OpenCv.load();
        jpeg = new MatOfByte();
        params = new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, QUALITY);
    }

    @Override
    public Annotated process(Frame input, FrameResult result, FrameContext ctx) {
        long frame = ctx.number();
        if (caption == null) {
            return new Annotated(result, null, null);
        }
        canvas = new Mat();
        try {
            input.image.copyTo(canvas);
            for (TrackedObject o : result.objects()) {
                draw(o);
            }
            banner(frame, fps(frame, ctx.takenNanos()), result.tally().tracks());
            byte[] encoded = null;
            if (encode) {
                Imgcodecs.imencode(".jpg", canvas, jpeg, params);
                encoded = jpeg.toArray();
            }
            return new Annotated(result, canvas, encoded);
        } catch (RuntimeException e) {
            canvas.release();
            throw e;
        } finally {
            canvas = null;
        }
    }

    private void draw(TrackedObject o) {
        Box b = o.box();
        Scalar colour = o.confirmed() ? COLOURS.getOrDefault(o.cls(), GREY) : GREY;
        Imgproc.rectangle(canvas, new Point(b.x(), b.y()), new Point(b.right() - 1, b.bottom() - 1), colour,
                o.confirmed() ? 2 : 1);
        if (!o.confirmed()) {
            return;
        }
        String height = Double.isNaN(o.worldHeight()) ? "" : String.format(Locale.ROOT, " %.1fm", o.worldHeight());
        boolean scored = !Double.isNaN(o.confidence());
        String label = o.cls() + (scored && o.confidence() < UNSURE ? "?" : "")
                + (scored ? String.format(Locale.ROOT, " %.0f%%", 100 * o.confidence()) : "");
        String face = o.face() >= FACE ? String.format(Locale.ROOT, " face %.0f%%", 100 * o.face()) : "";
        String tag = String.format(Locale.ROOT, "#%d %s%s%s", o.track(), label, height, face);
        int[] base = new int[1];
        Size size = Imgproc.getTextSize(tag, Imgproc.FONT_HERSHEY_SIMPLEX, 0.38, 1, base);
        int top = Math.max(0, b.y() - (int) size.height - 5);
        int left = (int) Math.max(0, Math.min(b.x(), canvas.cols() - size.width - 4));
        Imgproc.rectangle(canvas, new Point(left, top), new Point(left + size.width + 4, top + size.height + 5), colour, -1);
        Imgproc.putText(canvas, tag, new Point(left + 2, top + size.height + 2), Imgproc.FONT_HERSHEY_SIMPLEX, 0.38,
                Scalar.all(0), 1, Imgproc.LINE_AA);
    }

    private void banner(long frame, double fps, int tracks) {
        String text = String.format(Locale.ROOT, "%s | frame %d | %.1f FPS | %d tracks", caption, frame, fps, tracks);
        int[] base = new int[1];
        Size size = Imgproc.getTextSize(text, Imgproc.FONT_HERSHEY_SIMPLEX, 0.5, 1, base);
        Imgproc.rectangle(canvas, new Point(0, 0), new Point(size.width + 12, size.height + 12), Scalar.all(0), -1);
        Imgproc.putText(canvas, text, new Point(6, size.height + 6), Imgproc.FONT_HERSHEY_SIMPLEX, 0.5, Scalar.all(255), 1,
                Imgproc.LINE_AA);
    }

    /**
     * Frames per second over this instance's last {@value #WINDOW} calls, from the frames' take
     * times: every replica sees the same clock and the same numbering, so they all print one rate.
     */
    private double fps(long frame, long now) {
        int slot = (int) (calls % WINDOW);
        int oldest = calls < WINDOW ? 0 : slot;
        double rate = calls == 0 || now == stamps[oldest] ? 0 : (frame - frames[oldest]) * 1e9 / (now - stamps[oldest]);
        frames[slot] = frame;
        stamps[slot] = now;
        calls++;
        return rate;
    }

    @Override
    public void close() {
        if (jpeg != null) {
            jpeg.release();
            params.release();
        }
    }
}
