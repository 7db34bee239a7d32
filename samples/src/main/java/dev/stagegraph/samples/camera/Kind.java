package dev.stagegraph.samples.camera;

import java.util.List;
import java.util.Locale;
import org.opencv.core.Mat;
import org.opencv.core.MatOfPoint;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * The kinds of object the synthetic source generates and the classifier tells apart, by their
 * silhouettes. Each kind draws itself filling a given box exactly, so the synthetic source knows
 * every object's true box and the classifier's training examples come from the same drawing code.
 */
enum Kind {
    /** An upright walker: head, shoulders, two legs. About 0.55 m by 1.75 m. */
    PERSON(0.55, 1.75),
    /** A low wide trolley on two wheels, like a luggage cart. About 1.8 m by 1.1 m. */
    CART(1.8, 1.1),
    /** A round ball. About 0.8 m across. */
    BALL(0.8, 0.8),
    /** A square crate. About 1.0 m by 0.95 m. */
    BOX(1.0, 0.95);

    private static final List<Kind> ALL = List.of(values());

    /** A typical width in metres. */
    final double width;
    /** A typical height in metres. */
    final double height;

    Kind(double width, double height) {
        this.width = width;
        this.height = height;
    }

    static List<Kind> all() {
        return ALL;
    }

    /** The lower-case name shown on labels. */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Draws the silhouette so that its bounding box is {@code box}.
     *
     * @param image where to draw, 8-bit with 1 or 3 channels
     * @param box the silhouette's bounding box; at least 4 pixels each way
     * @param colour the fill colour
     */
    void draw(Mat image, Box box, Scalar colour) {
        double x = box.x();
        double y = box.y();
        double w = box.width() - 1;
        double h = box.height() - 1;
        double cx = x + w / 2;
        switch (this) {
            case PERSON -> {
                double head = Math.min(0.11 * h, 0.32 * w);
                Imgproc.circle(image, new Point(cx, y + head), (int) Math.round(head), colour, -1, Imgproc.LINE_8);
                polygon(image, colour, x, y + 0.2 * h, x + w, y + 0.2 * h, cx + 0.36 * w, y + 0.62 * h, cx - 0.36 * w,
                        y + 0.62 * h);
                polygon(image, colour, cx - 0.36 * w, y + 0.58 * h, cx - 0.04 * w, y + 0.58 * h, cx - 0.08 * w, y + h,
                        cx - 0.34 * w, y + h);
                polygon(image, colour, cx + 0.04 * w, y + 0.58 * h, cx + 0.36 * w, y + 0.58 * h, cx + 0.34 * w, y + h,
                        cx + 0.08 * w, y + h);
            }
            case CART -> {
                double wheel = 0.2 * h;
                polygon(image, colour, x, y, x + w, y, x + w, y + 0.72 * h, x, y + 0.72 * h);
                Imgproc.circle(image, new Point(x + 0.22 * w, y + h - wheel), (int) Math.round(wheel), colour, -1,
                        Imgproc.LINE_8);
                Imgproc.circle(image, new Point(x + 0.78 * w, y + h - wheel), (int) Math.round(wheel), colour, -1,
                        Imgproc.LINE_8);
            }
            case BALL -> Imgproc.ellipse(image, new Point(cx, y + h / 2), new Size(w / 2, h / 2), 0, 0, 360, colour, -1,
                    Imgproc.LINE_8);
            case BOX -> polygon(image, colour, x, y, x + w, y, x + w, y + h, x, y + h);
        }
    }

    /**
     * Draws the inner detail of a solid object in a darker shade, inside the silhouette, so a moving
     * object's pixels change as it passes like real clothing and crates do: trousers and a face for
     * a person, slats on a cart, a band on a ball, cross-braces on a box. Leaves the outline as is.
     *
     * @param image where the silhouette was drawn, 3 channels
     * @param box the silhouette's bounding box
     * @param colour the silhouette's fill colour
     */
    void detail(Mat image, Box box, Scalar colour) {
        Scalar dark = new Scalar(colour.val[0] * 0.55, colour.val[1] * 0.55, colour.val[2] * 0.55);
        double x = box.x();
        double y = box.y();
        double w = box.width() - 1;
        double h = box.height() - 1;
        double cx = x + w / 2;
        int line = Math.max(1, (int) Math.round(Math.min(w, h) / 12));
        switch (this) {
            case PERSON -> {
                polygon(image, dark, cx - 0.3 * w, y + 0.62 * h, cx + 0.3 * w, y + 0.62 * h, cx + 0.3 * w, y + 0.7 * h,
                        cx - 0.3 * w, y + 0.7 * h);
                Imgproc.circle(image, new Point(cx, y + 0.11 * h), (int) Math.max(1, Math.round(0.05 * h)),
                        new Scalar(150, 170, 200), -1, Imgproc.LINE_8);
            }
            case CART -> {
                for (int i = 1; i < 6; i++) {
                    double sx = x + i * w / 6;
                    Imgproc.line(image, new Point(sx, y + 2), new Point(sx, y + 0.68 * h), dark, line);
                }
            }
            case BALL -> Imgproc.line(image, new Point(x + 0.15 * w, y + 0.5 * h), new Point(x + 0.85 * w, y + 0.5 * h), dark,
                    2 * line);
            case BOX -> {
                Imgproc.line(image, new Point(x + 2, y + 2), new Point(x + w - 2, y + h - 2), dark, line);
                Imgproc.line(image, new Point(x + w - 2, y + 2), new Point(x + 2, y + h - 2), dark, line);
            }
        }
    }

    private static void polygon(Mat image, Scalar colour, double... xy) {
        Point[] points = new Point[xy.length / 2];
        for (int i = 0; i < points.length; i++) {
            points[i] = new Point(Math.round(xy[2 * i]), Math.round(xy[2 * i + 1]));
        }
        MatOfPoint poly = new MatOfPoint(points);
        try {
            Imgproc.fillConvexPoly(image, poly, colour, Imgproc.LINE_8);
        } finally {
            poly.release();
        }
    }
}
