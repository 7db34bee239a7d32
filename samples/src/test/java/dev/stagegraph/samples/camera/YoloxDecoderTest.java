package dev.stagegraph.samples.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.opencv.core.MatOfFloat;
import org.opencv.core.MatOfInt;
import org.opencv.core.MatOfRect2d;
import org.opencv.core.Rect2d;
import org.opencv.dnn.Dnn;

class YoloxDecoderTest {
    private static final int INPUT = 416;

    /** An output at 416 with every score 0 but one cell's. */
    private static float[] output(YoloxDecoder decoder, int row, float x, float y, float w, float h, float objectness,
            int coco, float probability) {
        float[] out = new float[decoder.rows() * YoloxDecoder.ROW];
        int at = row * YoloxDecoder.ROW;
        out[at] = x;
        out[at + 1] = y;
        out[at + 2] = w;
        out[at + 3] = h;
        out[at + 4] = objectness;
        out[at + 5 + coco] = probability;
        out[at + 5 + (coco + 1) % CocoNames.CLASSES] = probability / 2;
        return out;
    }

    @Test
    void shouldHaveOneRowPerCellOfTheThreeStrides() {
        assertEquals(52 * 52 + 26 * 26 + 13 * 13, new YoloxDecoder(416).rows());
        assertEquals(40 * 40 + 20 * 20 + 10 * 10, new YoloxDecoder(320).rows());
    }

    @Test
    void shouldDecodeACellOfStride16AtItsGridPosition() {
        YoloxDecoder decoder = new YoloxDecoder(INPUT);
        int row = 52 * 52 + 7 * 26 + 5;
        float[] out = output(decoder, row, 0.5f, 0.25f, (float) Math.log(2), 0f, 0.9f, 2, 0.8f);
        List<YoloxDecoder.Candidate> found = decoder.decode(out, 0.5f);
        assertEquals(1, found.size(), found.toString());
        YoloxDecoder.Candidate c = found.get(0);
        assertEquals(2, c.coco());
        assertEquals(0.72f, c.score(), 1e-6);
        assertEquals(88 - 16, c.x0(), 1e-4);
        assertEquals(88 + 16, c.x1(), 1e-4);
        assertEquals(116 - 8, c.y0(), 1e-4);
        assertEquals(116 + 8, c.y1(), 1e-4);
    }

    @Test
    void shouldDecodeTheLastCellOfStride32AndTheFirstOfStride8() {
        YoloxDecoder decoder = new YoloxDecoder(INPUT);
        float[] out = output(decoder, decoder.rows() - 1, 0f, 0f, 0f, 0f, 1f, 0, 1f);
        YoloxDecoder.Candidate last = decoder.decode(out, 0.5f).get(0);
        assertEquals(12 * 32 - 16, last.x0(), 1e-4);
        assertEquals(12 * 32 + 16, last.y1(), 1e-4);
        YoloxDecoder.Candidate first = decoder.decode(output(decoder, 0, 0.5f, 0.5f, 0f, 0f, 1f, 0, 1f), 0.5f).get(0);
        assertEquals(0, first.x0(), 1e-4);
        assertEquals(8, first.y1(), 1e-4);
    }

    @Test
    void shouldDropACellBelowTheThresholdOnObjectnessTimesClass() {
        YoloxDecoder decoder = new YoloxDecoder(INPUT);
        float[] out = output(decoder, 100, 0f, 0f, 0f, 0f, 0.9f, 0, 0.5f);
        assertTrue(decoder.decode(out, 0.5f).isEmpty(), "0.9 x 0.5 is below 0.5");
        assertEquals(1, decoder.decode(out, 0.4f).size());
    }

    @Test
    void shouldUndoTheLetterboxScaleAndCutToTheFrame() {
        double scale = 416.0 / 640;
        YoloxDecoder.Candidate c = new YoloxDecoder.Candidate(65f, 32.5f, 130f, 97.5f, 0.9f, 2);
        assertEquals(new Box(100, 50, 100, 100), Yolox.toFrame(c, scale, 640, 480));
        YoloxDecoder.Candidate over = new YoloxDecoder.Candidate(-10f, 300f, 65f, 330f, 0.9f, 2);
        assertEquals(new Box(0, 461, 100, 19), Yolox.toFrame(over, scale, 640, 480));
        assertEquals(null, Yolox.toFrame(new YoloxDecoder.Candidate(0f, 320f, 10f, 400f, 0.9f, 2), scale, 640, 480),
                "a box in the padding is outside the frame");
    }

    @Test
    void shouldRefuseAnInputSizeThatIsNoMultipleOf32() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new YoloxDecoder(400));
        assertTrue(e.getMessage().contains("multiple of 32"), e.getMessage());
    }

    private static YoloxDecoder.Candidate box(float x, float y, float size, float score, int coco) {
        return new YoloxDecoder.Candidate(x, y, x + size, y + size, score, coco);
    }

    @Test
    void shouldMergeVehicleClassesButKeepARiderOnHisBicycle() {
        List<YoloxDecoder.Candidate> kept = YoloxDecoder.suppress(List.of(box(0, 0, 100, 0.6f, 5), box(2, 2, 100, 0.8f, 2),
                box(300, 0, 40, 0.7f, 0), box(302, 4, 40, 0.6f, 1), box(301, 1, 40, 0.5f, 0)), Yolox.NMS_IOU);
        assertEquals(List.of(box(2, 2, 100, 0.8f, 2), box(300, 0, 40, 0.7f, 0), box(302, 4, 40, 0.6f, 1)), kept,
                "the bus under the car and the second person box go; the bicycle under the person stays");
    }

    @Test
    void shouldSuppressOneClassAsDnnNmsBoxesDoes() {
        OpenCv.load();
        Random random = new Random(12);
        for (int trial = 0; trial < 20; trial++) {
            List<YoloxDecoder.Candidate> candidates = new ArrayList<>();
            Rect2d[] rects = new Rect2d[40];
            float[] scores = new float[rects.length];
            for (int i = 0; i < rects.length; i++) {
                float x = random.nextFloat() * 200;
                float y = random.nextFloat() * 200;
                float w = 10 + random.nextFloat() * 60;
                float h = 10 + random.nextFloat() * 60;
                scores[i] = 0.5f + random.nextFloat() / 2;
                rects[i] = new Rect2d(x, y, w, h);
                candidates.add(new YoloxDecoder.Candidate(x, y, x + w, y + h, scores[i], 0));
            }
            MatOfRect2d boxes = new MatOfRect2d(rects);
            MatOfFloat confidences = new MatOfFloat(scores);
            MatOfInt indices = new MatOfInt();
            Dnn.NMSBoxes(boxes, confidences, 0.5f, Yolox.NMS_IOU, indices);
            List<YoloxDecoder.Candidate> expected = new ArrayList<>();
            for (int i : indices.toArray()) {
                expected.add(candidates.get(i));
            }
            boxes.release();
            confidences.release();
            indices.release();
            assertEquals(expected, YoloxDecoder.suppress(candidates, Yolox.NMS_IOU), "trial " + trial);
        }
    }
}
