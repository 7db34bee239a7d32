package dev.stagegraph.samples.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagegraph.StageContext;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ShapeClassifierTest {
    /** Held-out generated silhouettes the classifier must label right. */
    static final double HELD_OUT_FLOOR = 0.95;
    /** Real detections on synthetic frames (roughened by background subtraction) it must label right. */
    static final double DETECTIONS_FLOOR = 0.85;

    private static ShapeClassifier classifier;

    @BeforeAll
    static void train() {
        OpenCv.load();
        classifier = new ShapeClassifier(1);
        classifier.open(new StageContext("test", "classifier", 0, 1));
    }

    @AfterAll
    static void close() {
        classifier.close();
    }

    @Test
    void shouldLabelHeldOutSilhouettesAboveTheFloor() {
        List<TrainingSet.Example> heldOut = TrainingSet.generate(99, 150);
        List<Label> labels = classifier.process(new Detections(heldOut.stream().map(TrainingSet.Example::detection).toList()), 0);
        int right = 0;
        for (int i = 0; i < labels.size(); i++) {
            Label l = labels.get(i);
            assertTrue(l.confidence() > 0 && l.confidence() <= 1, "confidence " + l.confidence());
            right += l.kind() == heldOut.get(i).kind() ? 1 : 0;
        }
        double accuracy = (double) right / labels.size();
        System.out.printf("classifier held-out accuracy: %.3f (%d of %d)%n", accuracy, right, labels.size());
        assertTrue(accuracy >= HELD_OUT_FLOOR, "held-out accuracy " + accuracy + " below " + HELD_OUT_FLOOR);
    }

    @Test
    void shouldLabelTheDetectorsBlobsOnSyntheticFrames() throws Exception {
        Footage footage = Footage.record(5, 100, 0.5);
        int right = 0;
        int total = 0;
        for (Footage.Shot s : footage.measured()) {
            List<Label> labels = classifier.process(s.detections(), s.frame());
            for (Truth t : s.truth()) {
                for (int i = 0; i < labels.size(); i++) {
                    if (s.detections().objects().get(i).box().iou(t.box()) >= Footage.MATCH_IOU && footage.whole(t)) {
                        total++;
                        right += labels.get(i).kind() == t.kind() ? 1 : 0;
                    }
                }
            }
        }
        double accuracy = (double) right / total;
        System.out.printf("classifier accuracy on detections: %.3f (%d of %d)%n", accuracy, right, total);
        assertTrue(total > 200, "too few detections matched: " + total);
        assertTrue(accuracy >= DETECTIONS_FLOOR, "accuracy on detections " + accuracy + " below " + DETECTIONS_FLOOR);
    }

    @Test
    void shouldReturnNoLabelsForNoObjects() {
        assertEquals(List.of(), classifier.process(new Detections(List.of()), 0));
    }

    @Test
    void shouldTrainTheSameForestInEveryInstance() {
        ShapeClassifier other = new ShapeClassifier(1);
        other.open(new StageContext("test", "classifier", 1, 2));
        try {
            Detections sample = new Detections(TrainingSet.generate(42, 40).stream().map(TrainingSet.Example::detection).toList());
            assertEquals(classifier.process(sample, 0), other.process(sample, 0));
        } finally {
            other.close();
        }
    }
}
