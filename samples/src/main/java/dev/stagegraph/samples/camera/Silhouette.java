package dev.stagegraph.samples.camera;

import java.util.List;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfFloat;
import org.opencv.core.MatOfInt;
import org.opencv.core.MatOfPoint;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import org.opencv.imgproc.Moments;
import org.opencv.objdetect.HOGDescriptor;

/**
 * Turns a detection's outline into a feature vector that does not depend on colour, background or
 * distance: the outline is filled into a small square canvas (scaled to fit, centred, aspect kept),
 * and the features are the canvas's HOG descriptor (the shape's edges by orientation and place),
 * its seven Hu moments, and four numbers from the outline: log aspect, extent, solidity and fill
 * of the canvas. Training examples and live detections go through this same code.
 *
 * <p>Holds native buffers reused between calls: make it after {@link OpenCv#load()}, use it from one
 * thread at a time, {@link #release()} it at the end.
 */
final class Silhouette {
    /** The canvas side in pixels. */
    static final int CANVAS = 48;
    private static final int MARGIN = 4;

    private final Mat canvas = Mat.zeros(CANVAS, CANVAS, CvType.CV_8UC1);
    private final MatOfPoint polygon = new MatOfPoint();
    private final MatOfInt hull = new MatOfInt();
    private final MatOfFloat descriptor = new MatOfFloat();
    private final HOGDescriptor hog = new HOGDescriptor(new Size(CANVAS, CANVAS), new Size(16, 16), new Size(8, 8),
            new Size(8, 8), 9);
    private final int length = (int) hog.getDescriptorSize() + 7 + 4;

    /** How many numbers {@link #features} writes. */
    int length() {
        return length;
    }

    /**
     * Computes the features of one outline.
     *
     * @param d the detection
     * @param out where to write, at least {@link #length()} long
     */
    void features(Detection d, float[] out) {
        int[] xy = d.outline();
        Box box = d.box();
        double scale = (CANVAS - 2.0 * MARGIN) / Math.max(box.width(), box.height());
        double ox = (CANVAS - box.width() * scale) / 2;
        double oy = (CANVAS - box.height() * scale) / 2;
        int[] moved = new int[xy.length];
        for (int i = 0; i < xy.length; i += 2) {
            moved[i] = (int) Math.round((xy[i] - box.x()) * scale + ox);
            moved[i + 1] = (int) Math.round((xy[i + 1] - box.y()) * scale + oy);
        }
        polygon.create(xy.length / 2, 1, CvType.CV_32SC2);
        polygon.put(0, 0, moved);
        canvas.setTo(Scalar.all(0));
        Imgproc.fillPoly(canvas, List.of(polygon), Scalar.all(255));
        hog.compute(canvas, descriptor);
        int k = descriptor.rows();
        descriptor.get(0, 0, out);
        Moments m = Imgproc.moments(canvas, true);
        Mat hu = new Mat();
        try {
            Imgproc.HuMoments(m, hu);
            double[] h = new double[7];
            hu.get(0, 0, h);
            for (double v : h) {
                out[k++] = (float) (v == 0 ? 0 : -Math.signum(v) * Math.log10(Math.abs(v)) / 10);
            }
        } finally {
            hu.release();
        }
        polygon.put(0, 0, xy);
        double outlineArea = Math.max(1, Imgproc.contourArea(polygon));
        Imgproc.convexHull(polygon, hull);
        double hullArea = Math.max(1, hullArea(xy, hull));
        out[k++] = (float) Math.log((double) box.width() / box.height());
        out[k++] = (float) (outlineArea / box.area());
        out[k++] = (float) Math.min(1, outlineArea / hullArea);
        out[k] = (float) (m.m00 / ((CANVAS - 2.0 * MARGIN) * (CANVAS - 2.0 * MARGIN)));
    }

    /** The area of the convex hull by the shoelace formula over the hull's point indices. */
    private static double hullArea(int[] xy, MatOfInt hull) {
        int[] idx = hull.toArray();
        double sum = 0;
        for (int i = 0; i < idx.length; i++) {
            int a = idx[i];
            int b = idx[(i + 1) % idx.length];
            sum += (double) xy[2 * a] * xy[2 * b + 1] - (double) xy[2 * b] * xy[2 * a + 1];
        }
        return Math.abs(sum) / 2;
    }

    /** Frees the native buffers. */
    void release() {
        canvas.release();
        polygon.release();
        hull.release();
        descriptor.release();
    }
}
