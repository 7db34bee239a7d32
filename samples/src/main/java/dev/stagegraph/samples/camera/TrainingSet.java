package dev.stagegraph.samples.camera;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfPoint;
import org.opencv.core.Point;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Generated, labelled silhouettes for training and testing the classifier. Each example is drawn by
 * {@link Kind#draw} at a random size and stretch, then roughened the way background subtraction
 * roughens real blobs (eroded or dilated edges, bites out of the outline, specks stuck to it,
 * the same opening and closing as the detector), and its outer contour becomes a {@link Detection}.
 * Deterministic for a seed.
 */
final class TrainingSet {
    private TrainingSet() {}

    /** One labelled example. */
    record Example(Kind kind, Detection detection) {}

    /**
     * Makes {@code perKind} examples of every kind, interleaved.
     *
     * @param seed what the examples follow from
     * @param perKind examples per kind
     * @return the examples
     */
    static List<Example> generate(long seed, int perKind) {
        OpenCv.load();
        Random random = new Random(seed);
        List<Example> examples = new ArrayList<>(perKind * Kind.all().size());
        Mat kernel = Imgproc.getStructuringElement(Imgproc.MORPH_ELLIPSE, new Size(3, 3));
        try {
            for (int i = 0; i < perKind; i++) {
                for (Kind kind : Kind.all()) {
                    examples.add(new Example(kind, example(kind, random, kernel)));
                }
            }
        } finally {
            kernel.release();
        }
        return examples;
    }

    private static Detection example(Kind kind, Random random, Mat kernel) {
        int h = 16 + random.nextInt(100);
        double stretch = 0.85 + 0.3 * random.nextDouble();
        int w = (int) Math.max(6, Math.round(h * kind.width / kind.height * stretch));
        int pad = 8;
        Mat mask = Mat.zeros(h + 2 * pad, w + 2 * pad, CvType.CV_8UC1);
        try {
            kind.draw(mask, new Box(pad, pad, w, h), Scalar.all(255));
            roughen(mask, random, kernel, w, h, pad);
            return largestBlob(mask);
        } finally {
            mask.release();
        }
    }

    private static void roughen(Mat mask, Random random, Mat kernel, int w, int h, int pad) {
        int op = random.nextInt(4);
        if (op == 1) {
            Imgproc.erode(mask, mask, kernel);
        } else if (op == 2) {
            Imgproc.dilate(mask, mask, kernel);
        }
        int bites = random.nextInt(3);
        for (int i = 0; i < bites; i++) {
            Point at = new Point(pad + random.nextInt(w), pad + random.nextInt(h));
            Imgproc.circle(mask, at, 1 + random.nextInt(Math.max(2, Math.min(w, h) / 6)), Scalar.all(0), -1);
        }
        int specks = random.nextInt(4);
        for (int i = 0; i < specks; i++) {
            Point at = new Point(pad / 2 + random.nextInt(w + pad), pad / 2 + random.nextInt(h + pad));
            Imgproc.circle(mask, at, 1 + random.nextInt(2), Scalar.all(255), -1);
        }
        Imgproc.morphologyEx(mask, mask, Imgproc.MORPH_OPEN, kernel);
        Imgproc.morphologyEx(mask, mask, Imgproc.MORPH_CLOSE, kernel, new Point(-1, -1), 2);
        if (random.nextInt(3) == 0) {
            Core.flip(mask, mask, 1);
        }
    }

    private static Detection largestBlob(Mat mask) {
        List<MatOfPoint> contours = new ArrayList<>();
        Mat hierarchy = new Mat();
        Imgproc.findContours(mask, contours, hierarchy, Imgproc.RETR_EXTERNAL, Imgproc.CHAIN_APPROX_SIMPLE);
        hierarchy.release();
        MatOfPoint best = null;
        double bestArea = -1;
        for (MatOfPoint c : contours) {
            double a = Imgproc.contourArea(c);
            if (a > bestArea) {
                bestArea = a;
                best = c;
            }
        }
        if (best == null) {
            throw new IllegalStateException("a generated silhouette vanished; the drawing code is broken");
        }
        int[] points = new int[2 * best.rows()];
        best.get(0, 0, points);
        Rect r = Imgproc.boundingRect(best);
        contours.forEach(Mat::release);
        return new Detection(Box.of(r), bestArea, points);
    }
}
