package dev.stagegraph.samples.camera;

import dev.stagegraph.FrameContext;
import dev.stagegraph.Stage;
import dev.stagegraph.StageContext;
import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Mat;
import org.opencv.core.MatOfPoint;
import org.opencv.core.Rect;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import org.opencv.video.BackgroundSubtractorMOG2;
import org.opencv.video.Video;

/**
 * Finds moving objects: a {@link BackgroundSubtractorMOG2} background model marks the pixels that
 * differ from what it has learnt, an opening removes speckles, a closing fills holes, and each outer
 * contour big enough becomes a {@link Detection}.
 *
 * <p>Stateful across frames (the background model learns from every frame in order), so it must run
 * as one instance. It works on the frame scaled by {@code scale}: the background model's cost grows
 * with the pixel count, and people and carts stay several pixels wide at half resolution. Boxes and
 * outlines are given back in full-frame pixels.
 */
final class Detector implements Stage<Frame, Detections> {
    /** Frames the background model remembers (its learning rate settles at 1 / HISTORY). */
    static final int HISTORY = 500;
    /** Squared Mahalanobis distance above which a pixel is foreground. */
    static final double VAR_THRESHOLD = 16;
    /** The smallest blob kept, as a share of the frame's area. */
    static final double MIN_AREA_SHARE = 0.0006;

    private final double scale;
    private BackgroundSubtractorMOG2 model;
    private Mat small;
    private Mat mask;
    private Mat hierarchy;
    private Mat openKernel;
    private Mat closeKernel;

    /**
     * A detector.
     *
     * @param scale the factor the frame is resized by before detection, in (0, 1]
     */
    Detector(double scale) {
        if (!(scale > 0 && scale <= 1)) {
            throw new IllegalArgumentException("the detection scale must be in (0, 1], was " + scale);
        }
        this.scale = scale;
    }

    @Override
    public void open(StageContext context) {
        OpenCv.load();
        model = Video.createBackgroundSubtractorMOG2(HISTORY, VAR_THRESHOLD, false);
        small = new Mat();
        mask = new Mat();
        hierarchy = new Mat();
        openKernel = Imgproc.getStructuringElement(Imgproc.MORPH_ELLIPSE, new Size(3, 3));
        closeKernel = Imgproc.getStructuringElement(Imgproc.MORPH_ELLIPSE, new Size(5, 5));
    }

    @Override
    public Detections process(Frame frame, FrameContext context) {
        Mat image = frame.image;
        Mat input = image;
        if (scale < 1) {
            Imgproc.resize(image, small, new Size(), scale, scale, Imgproc.INTER_AREA);
            input = small;
        }
        model.apply(input, mask);
        Imgproc.morphologyEx(mask, mask, Imgproc.MORPH_OPEN, openKernel);
        Imgproc.morphologyEx(mask, mask, Imgproc.MORPH_CLOSE, closeKernel);
        List<MatOfPoint> contours = new ArrayList<>();
        Imgproc.findContours(mask, contours, hierarchy, Imgproc.RETR_EXTERNAL, Imgproc.CHAIN_APPROX_SIMPLE);
        double minArea = MIN_AREA_SHARE * image.rows() * image.cols();
        List<Detection> found = new ArrayList<>();
        for (MatOfPoint contour : contours) {
            double area = Imgproc.contourArea(contour) / (scale * scale);
            if (area >= minArea) {
                found.add(toDetection(contour, area, image.cols(), image.rows()));
            }
            contour.release();
        }
        return new Detections(image, found);
    }

    /** Scales the contour back to full-frame pixels. */
    private Detection toDetection(MatOfPoint contour, double area, int width, int height) {
        int[] points = new int[2 * contour.rows()];
        contour.get(0, 0, points);
        Rect r = Imgproc.boundingRect(contour);
        for (int i = 0; i < points.length; i++) {
            points[i] = (int) Math.round(points[i] / scale);
        }
        int x = (int) Math.floor(r.x / scale);
        int y = (int) Math.floor(r.y / scale);
        int right = Math.min(width, (int) Math.ceil((r.x + r.width) / scale));
        int bottom = Math.min(height, (int) Math.ceil((r.y + r.height) / scale));
        return new Detection(new Box(x, y, right - x, bottom - y), area, points);
    }

    @Override
    public void close() {
        for (Mat m : new Mat[] {small, mask, hierarchy, openKernel, closeKernel}) {
            if (m != null) {
                m.release();
            }
        }
    }
}
