package dev.stagegraph.samples.camera;

import java.nio.file.Files;
import java.nio.file.Path;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.dnn.Dnn;
import org.opencv.dnn.Net;

/**
 * Looks for a face at the top of a person's box with OpenCV's ResNet-10 SSD face detector
 * (TensorFlow, 8-bit), loaded through {@code org.opencv.dnn}. The crop is the upper half of the
 * box made square, fed to the network at {@value #INPUT} by {@value #INPUT} pixels; the score is
 * the best detection's confidence. Owned by one classifier instance; not thread-safe.
 */
final class FaceCheck {
    /** The model's file names, as OpenCV's {@code samples/dnn/face_detector} ships them. */
    static final String MODEL = "opencv_face_detector_uint8.pb";
    /** The network's text description. */
    static final String CONFIG = "opencv_face_detector.pbtxt";
    /** The side of the network's input in pixels: small crops need no more. */
    static final int INPUT = 128;
    /** Boxes shorter than this have faces too small to find. */
    static final int MIN_HEIGHT = 48;

    private final Net net;

    private FaceCheck(Net net) {
        this.net = net;
    }

    /**
     * Loads the model from a folder holding {@value #MODEL} and {@value #CONFIG}.
     *
     * @param dir the folder
     * @return the loaded check
     * @throws IllegalArgumentException naming the missing file
     */
    static FaceCheck load(Path dir) {
        Path model = dir.resolve(MODEL);
        Path config = dir.resolve(CONFIG);
        for (Path p : new Path[] {model, config}) {
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException("--face-model " + dir + ": no " + p.getFileName()
                        + " there (OpenCV's samples/dnn/face_detector model)");
            }
        }
        return new FaceCheck(Dnn.readNetFromTensorflow(model.toString(), config.toString()));
    }

    /**
     * The face score of a box.
     *
     * @param image the whole frame, BGR
     * @param box the person's box
     * @return the best face confidence from 0 to 1, or {@code NaN} when the box is too small to tell
     */
    double score(Mat image, Box box) {
        if (box.height() < MIN_HEIGHT) {
            return Double.NaN;
        }
        int side = Math.max(box.width(), box.height() / 2);
        int x = (int) Math.max(0, Math.min(image.cols() - side, Math.round(box.centreX() - side / 2.0)));
        int y = Math.max(0, Math.min(image.rows() - side, box.y()));
        side = Math.min(side, Math.min(image.cols(), image.rows()));
        Mat crop = image.submat(new Rect(x, y, side, side));
        Mat blob = Dnn.blobFromImage(crop, 1.0, new Size(INPUT, INPUT), new Scalar(104, 177, 123), false, false);
        Mat out = null;
        Mat rows = null;
        try {
            net.setInput(blob);
            out = net.forward();
            rows = out.reshape(1, (int) (out.total() / 7));
            double best = 0;
            for (int i = 0; i < rows.rows(); i++) {
                best = Math.max(best, rows.get(i, 2)[0]);
            }
            return best;
        } finally {
            crop.release();
            blob.release();
            if (out != null) {
                out.release();
                rows.release();
            }
        }
    }
}
