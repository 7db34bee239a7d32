package dev.stagegraph.samples.camera;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns YOLOX's raw output into boxes. The network (exported without its decoding head) gives one
 * row of {@value #ROW} floats per grid cell, the cells of stride 8, then 16, then 32, each stride's
 * cells row by row: {@code x, y, w, h} relative to the cell, then objectness and the 80 class
 * probabilities, already through a sigmoid. A cell {@code (gx, gy)} of stride {@code s} decodes to
 * the centre {@code ((x + gx) s, (y + gy) s)} and the size {@code (exp(w) s, exp(h) s)}, in input
 * pixels. Each cell proposes its best class, scored objectness times that class's probability.
 *
 * <p>Immutable after construction; pure Java, so it is tested on synthetic outputs.
 */
final class YoloxDecoder {
    /** The strides of the three output levels, in the order their rows come. */
    static final int[] STRIDES = {8, 16, 32};
    /** Floats per output row: box, objectness, 80 class probabilities. */
    static final int ROW = 5 + CocoNames.CLASSES;

    /**
     * One decoded box in input pixels.
     *
     * @param x0 the left edge
     * @param y0 the top edge
     * @param x1 the right edge
     * @param y1 the bottom edge
     * @param score objectness times class probability
     * @param coco the best class
     */
    record Candidate(float x0, float y0, float x1, float y1, float score, int coco) {

        float area() {
            return Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
        }

        /** Intersection over union, as {@code Dnn.NMSBoxes} computes it. */
        float iou(Candidate o) {
            float iw = Math.min(x1, o.x1) - Math.max(x0, o.x0);
            float ih = Math.min(y1, o.y1) - Math.max(y0, o.y0);
            if (iw <= 0 || ih <= 0) {
                return 0;
            }
            float inter = iw * ih;
            return inter / (area() + o.area() - inter);
        }
    }

    private final int input;
    private final int[] gridX;
    private final int[] gridY;
    private final int[] stride;

    /**
     * A decoder for a square input.
     *
     * @param input the input's side in pixels, a multiple of 32
     * @throws IllegalArgumentException if it is not a positive multiple of 32
     */
    YoloxDecoder(int input) {
        this.input = requireInput(input);
        int rows = 0;
        for (int s : STRIDES) {
            rows += (input / s) * (input / s);
        }
        gridX = new int[rows];
        gridY = new int[rows];
        stride = new int[rows];
        int i = 0;
        for (int s : STRIDES) {
            int cells = input / s;
            for (int gy = 0; gy < cells; gy++) {
                for (int gx = 0; gx < cells; gx++) {
                    gridX[i] = gx;
                    gridY[i] = gy;
                    stride[i++] = s;
                }
            }
        }
    }

    /**
     * Checks an input side.
     *
     * @param input the side in pixels
     * @return the side
     * @throws IllegalArgumentException if it is not a positive multiple of 32
     */
    static int requireInput(int input) {
        if (input < 32 || input % 32 != 0) {
            throw new IllegalArgumentException("the YOLOX input size must be a positive multiple of 32 (320, 416, 640),"
                    + " was " + input);
        }
        return input;
    }

    /** The input's side in pixels. */
    int input() {
        return input;
    }

    /** Output rows the network gives at this input: 3549 at 416. */
    int rows() {
        return stride.length;
    }

    /**
     * Decodes the cells whose score reaches a threshold.
     *
     * @param out the output, {@link #rows()} times {@value #ROW} floats
     * @param threshold the lowest score kept, above 0
     * @return the candidates in row order, in input pixels, not yet suppressed
     */
    List<Candidate> decode(float[] out, float threshold) {
        if (out.length < stride.length * ROW) {
            throw new IllegalArgumentException("a YOLOX output at " + input + " has " + stride.length + " rows of " + ROW
                    + " floats, got " + out.length + " floats");
        }
        List<Candidate> found = new ArrayList<>();
        for (int i = 0; i < stride.length; i++) {
            int at = i * ROW;
            float objectness = out[at + 4];
            if (objectness < threshold) {
                continue;
            }
            int best = 0;
            for (int c = 1; c < CocoNames.CLASSES; c++) {
                if (out[at + 5 + c] > out[at + 5 + best]) {
                    best = c;
                }
            }
            float score = objectness * out[at + 5 + best];
            if (score < threshold) {
                continue;
            }
            float s = stride[i];
            float cx = (out[at] + gridX[i]) * s;
            float cy = (out[at + 1] + gridY[i]) * s;
            float w = (float) Math.exp(out[at + 2]) * s;
            float h = (float) Math.exp(out[at + 3]) * s;
            found.add(new Candidate(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2, score, best));
        }
        return found;
    }

    /**
     * Greedy non-maximum suppression within groups of classes, in the manner of
     * {@code Dnn.NMSBoxes}: best score first, a box is dropped when it overlaps a kept box of its
     * group by more than {@code iou}. Car, motorcycle, bus and truck form one group, because the
     * model often scores one vehicle as a car from some cells and a bus from others, and a
     * per-class pass would keep both boxes (two tracks, one vehicle). Every other class is a group
     * of its own, so a cyclist's person box survives its bicycle's box: a pass over all classes
     * would drop one of them.
     *
     * @param candidates the decoded boxes
     * @param iou the overlap above which the weaker box goes, e.g. 0.45
     * @return the kept boxes, best score first (ties in the candidates' order)
     */
    static List<Candidate> suppress(List<Candidate> candidates, float iou) {
        List<Candidate> sorted = new ArrayList<>(candidates);
        sorted.sort(Comparator.comparingDouble(Candidate::score).reversed());
        List<Candidate> kept = new ArrayList<>();
        for (Candidate c : sorted) {
            boolean keep = true;
            for (Candidate k : kept) {
                if (group(k.coco()) == group(c.coco()) && k.iou(c) > iou) {
                    keep = false;
                    break;
                }
            }
            if (keep) {
                kept.add(c);
            }
        }
        return kept;
    }

    /** The suppression group of a class: one for all vehicles, else the class itself. */
    static int group(int coco) {
        ObjectClass c = ObjectClass.ofCoco(coco);
        return c != null && c.isVehicle() ? ObjectClass.CAR.coco : coco;
    }
}
