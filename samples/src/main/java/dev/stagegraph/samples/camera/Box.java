package dev.stagegraph.samples.camera;

import org.opencv.core.Rect;

/**
 * An axis-aligned box in full-frame pixel coordinates. Immutable, unlike OpenCV's {@link Rect}, so
 * it can travel between stages and be compared in tests.
 *
 * @param x the left column
 * @param y the top row
 * @param width the width in pixels
 * @param height the height in pixels
 */
record Box(int x, int y, int width, int height) {

    /** The box of an OpenCV rectangle. */
    static Box of(Rect r) {
        return new Box(r.x, r.y, r.width, r.height);
    }

    /** The row just below the box: where an object standing on the ground touches it. */
    int bottom() {
        return y + height;
    }

    /** The column just right of the box. */
    int right() {
        return x + width;
    }

    /** The centre's column. */
    double centreX() {
        return x + width / 2.0;
    }

    /** The centre's row. */
    double centreY() {
        return y + height / 2.0;
    }

    /** Width times height. */
    long area() {
        return (long) width * height;
    }

    /** This box cut to a {@code width} by {@code height} frame, or {@code null} when nothing is left. */
    Box clip(int width, int height) {
        int left = Math.max(0, x);
        int top = Math.max(0, y);
        int r = Math.min(width, right());
        int b = Math.min(height, bottom());
        return r > left && b > top ? new Box(left, top, r - left, b - top) : null;
    }

    /** Intersection over union: 1 for equal boxes, 0 for disjoint ones. */
    double iou(Box o) {
        int ix = Math.max(0, Math.min(right(), o.right()) - Math.max(x, o.x));
        int iy = Math.max(0, Math.min(bottom(), o.bottom()) - Math.max(y, o.y));
        long inter = (long) ix * iy;
        long union = area() + o.area() - inter;
        return union == 0 ? 0 : (double) inter / union;
    }
}
