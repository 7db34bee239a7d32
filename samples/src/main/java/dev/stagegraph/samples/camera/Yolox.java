package dev.stagegraph.samples.camera;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Core;
import org.opencv.core.CvException;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.dnn.Dnn;
import org.opencv.dnn.Net;
import org.opencv.imgproc.Imgproc;

/**
 * YOLOX-Nano, a COCO object detector (ONNX), run through OpenCV's DNN module on whole frames. The
 * frame is letterboxed into a square input: scaled to fit, keeping its aspect, into the top-left
 * corner, the bottom and right padded with grey 114; fed as BGR 0..255 with no mean or scaling.
 * The raw output is decoded by {@link YoloxDecoder}, suppressed per class group, and mapped back
 * to frame pixels.
 *
 * <p>Lifecycle: {@link #open} loads the network and runs one forward pass, so the first frame
 * costs no more than the others; {@link #detect} per frame; {@link #close} once. Not thread-safe:
 * one instance belongs to one stage instance. Native memory: the letterbox and input buffers are
 * allocated at open and reused (a frame of a new size only moves a view); the only native object
 * made per frame is the output header {@code Net.forward} returns (a view of the network's own
 * output buffer), released before {@code detect} returns. {@code close} releases every native
 * buffer.
 */
final class Yolox implements AutoCloseable {
    /** The input side used unless told otherwise: people a few dozen pixels tall need it. */
    static final int DEFAULT_INPUT = 416;
    /** The lowest score kept by default. */
    static final float DEFAULT_SCORE = 0.5f;
    /** The overlap above which the weaker of two boxes of one class group is dropped. */
    static final float NMS_IOU = 0.45f;
    /** The grey the letterbox pads with, as YOLOX was trained. */
    static final double PAD = 114;

    private Net net;
    private final CocoNames names;
    private final YoloxDecoder decoder;
    private final float threshold;
    private final float[] output;
    private final Mat canvas;
    private final Mat floats;
    private final Mat blob;
    private final Mat planes;
    private final Mat[] channels = new Mat[3];
    private Mat inside;
    private int frameWidth;
    private int frameHeight;
    private double scale;

    private Yolox(Net net, CocoNames names, int input, float threshold) {
        this.net = net;
        this.names = names;
        this.decoder = new YoloxDecoder(input);
        this.threshold = threshold;
        this.output = new float[decoder.rows() * YoloxDecoder.ROW];
        canvas = new Mat(input, input, CvType.CV_8UC3, Scalar.all(PAD));
        floats = new Mat(input, input, CvType.CV_32FC3);
        blob = new Mat(new int[] {1, 3, input, input}, CvType.CV_32F);
        planes = blob.reshape(1, 3 * input);
        for (int c = 0; c < 3; c++) {
            channels[c] = planes.rowRange(c * input, (c + 1) * input);
        }
    }

    /**
     * Loads the model and its class names ({@value CocoNames#FILE} beside it), and warms it up
     * with one forward pass. Call on the thread that will call {@link #detect}.
     *
     * @param model the ONNX file, e.g. {@code ../shared/data/models/yolox_nano.onnx}
     * @param input the square input's side, a multiple of 32; see {@link #DEFAULT_INPUT}
     * @param threshold the lowest score kept, in (0, 1]
     * @return the warmed-up detector
     * @throws IllegalArgumentException naming the {@code --model} flag when the file is missing, or
     *     the bad size or threshold
     */
    static Yolox open(Path model, int input, float threshold) {
        if (!(threshold > 0 && threshold <= 1)) {
            throw new IllegalArgumentException("the YOLOX score threshold must be in (0, 1], was " + threshold);
        }
        YoloxDecoder.requireInput(input);
        if (model == null || !Files.isRegularFile(model)) {
            throw new IllegalArgumentException("--model " + model + ": no such file; pass --model with YOLOX-Nano's ONNX"
                    + " file (e.g. ../shared/data/models/yolox_nano.onnx, coco.names beside it)");
        }
        CocoNames names = CocoNames.read(model.resolveSibling(CocoNames.FILE));
        OpenCv.load();
        Net net;
        try {
            net = Dnn.readNetFromONNX(model.toString());
        } catch (CvException e) {
            throw new IllegalArgumentException("--model " + model + ": OpenCV cannot read it as an ONNX model ("
                    + e.getMessage().strip() + ")", e);
        }
        Yolox yolox = new Yolox(net, names, input, threshold);
        try {
            yolox.layout();
            yolox.forward();
        } catch (RuntimeException e) {
            yolox.close();
            throw e;
        }
        return yolox;
    }

    /**
     * Finds the objects in a frame.
     *
     * @param bgr the frame, 8-bit BGR; read, not kept
     * @return every object scoring at least the threshold, after suppression, best first, in
     *     frame pixels, of any of the 80 COCO classes
     * @throws IllegalArgumentException if the frame is empty or not 8-bit with 3 channels
     */
    List<Sighting> detect(Mat bgr) {
        letterbox(bgr);
        forward();
        List<YoloxDecoder.Candidate> kept = YoloxDecoder.suppress(decoder.decode(output, threshold), NMS_IOU);
        List<Sighting> found = new ArrayList<>(kept.size());
        for (YoloxDecoder.Candidate c : kept) {
            Box box = toFrame(c, scale, frameWidth, frameHeight);
            if (box != null) {
                found.add(new Sighting(box, c.coco(), names.name(c.coco()), c.score()));
            }
        }
        return found;
    }

    /**
     * Scales the frame into the top-left of the input canvas and lays the canvas out as the
     * network's planar float input.
     *
     * @return the input blob, {@code [1, 3, input, input]}, owned by this detector
     */
    Mat letterbox(Mat bgr) {
        if (bgr.empty() || bgr.type() != CvType.CV_8UC3) {
            throw new IllegalArgumentException("YOLOX needs an 8-bit BGR frame (CV_8UC3), got " + bgr);
        }
        if (bgr.cols() != frameWidth || bgr.rows() != frameHeight) {
            resize(bgr.cols(), bgr.rows());
        }
        Imgproc.resize(bgr, inside, inside.size(), 0, 0, Imgproc.INTER_LINEAR);
        layout();
        return blob;
    }

    /** Copies the canvas into the blob as three float planes, B, G, R. */
    private void layout() {
        canvas.convertTo(floats, CvType.CV_32F);
        for (int c = 0; c < 3; c++) {
            Core.extractChannel(floats, channels[c], c);
        }
    }

    /** Moves the view the frame is scaled into, for frames of a new size. */
    private void resize(int width, int height) {
        int side = decoder.input();
        scale = Math.min((double) side / width, (double) side / height);
        int w = Math.max(1, Math.min(side, (int) Math.round(width * scale)));
        int h = Math.max(1, Math.min(side, (int) Math.round(height * scale)));
        canvas.setTo(Scalar.all(PAD));
        if (inside != null) {
            inside.release();
        }
        inside = canvas.submat(new Rect(0, 0, w, h));
        frameWidth = width;
        frameHeight = height;
    }

    /** Runs the network on the blob and copies its output into {@link #output}. */
    private void forward() {
        net.setInput(blob);
        Mat out = net.forward();
        try {
            if (out.total() != output.length) {
                throw new IllegalStateException("YOLOX gave " + out.total() + " floats at input " + decoder.input()
                        + ", expected " + decoder.rows() + " x " + YoloxDecoder.ROW + ": is the model a YOLOX export"
                        + " without its decoding head?");
            }
            out.get(new int[] {0, 0, 0}, output);
        } finally {
            out.release();
        }
    }

    /**
     * A candidate in frame pixels: the letterbox's scale undone (its padding is at the bottom and
     * right, so there is no offset), the box grown to whole pixels and cut to the frame.
     *
     * @return the box, or {@code null} when nothing of it is inside the frame
     */
    static Box toFrame(YoloxDecoder.Candidate c, double scale, int frameWidth, int frameHeight) {
        int x0 = (int) Math.floor(c.x0() / scale);
        int y0 = (int) Math.floor(c.y0() / scale);
        int x1 = (int) Math.ceil(c.x1() / scale);
        int y1 = (int) Math.ceil(c.y1() / scale);
        return new Box(x0, y0, x1 - x0, y1 - y0).clip(frameWidth, frameHeight);
    }

    /**
     * Releases every native buffer and drops the network; the detector is unusable afterwards.
     * OpenCV's Java {@code Net} has no release method: its native weights (a few megabytes) are
     * freed when the collector finalises it.
     */
    @Override
    public void close() {
        if (inside != null) {
            inside.release();
        }
        for (Mat m : channels) {
            m.release();
        }
        for (Mat m : new Mat[] {planes, blob, floats, canvas}) {
            m.release();
        }
        net = null;
    }
}
