package dev.stagegraph.samples.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagegraph.testkit.StageTester;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ShapeClassifierTest {
    /** Held-out generated silhouettes the classifier must label right. */
    static final double HELD_OUT_FLOOR = 0.95;
    /** Real detections on synthetic frames (roughened by background subtraction) it must label right. */
    static final double DETECTIONS_FLOOR = 0.85;

    private static StageTester<Detections, List<Label>> classifier;

    @BeforeAll
    static void train() throws Exception {
        OpenCv.load();
        classifier = StageTester.of("classifier", () -> new ShapeClassifier(1)).open();
    }

    @AfterAll
    static void close() {
        classifier.close();
    }

    @Test
    void shouldLabelHeldOutSilhouettesAboveTheFloor() throws Exception {
        List<TrainingSet.Example> heldOut = TrainingSet.generate(99, 150);
        List<Label> labels = classifier.process(new Detections(heldOut.stream().map(TrainingSet.Example::detection).toList()));
        int right = 0;
        for (int i = 0; i < labels.size(); i++) {
            Label l = labels.get(i);
            assertTrue(l.confidence() > 0 && l.confidence() <= 1, "confidence " + l.confidence());
            right += l.cls().equals(heldOut.get(i).kind().label()) ? 1 : 0;
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
            List<Label> labels = classifier.process(s.detections());
            for (Truth t : s.truth()) {
                for (int i = 0; i < labels.size(); i++) {
                    if (s.detections().objects().get(i).box().iou(t.box()) >= Footage.MATCH_IOU && footage.whole(t)) {
                        total++;
                        right += labels.get(i).cls().equals(t.kind().label()) ? 1 : 0;
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
    void shouldReturnNoLabelsForNoObjects() throws Exception {
        assertEquals(List.of(), classifier.process(new Detections(List.of())));
    }

    @Test
    void shouldTrainTheSameForestInEveryInstance() throws Exception {
        try (StageTester<Detections, List<Label>> other = StageTester.of("classifier", () -> new ShapeClassifier(1)).replica(1, 2)
                .open()) {
            Detections sample = new Detections(TrainingSet.generate(42, 40).stream().map(TrainingSet.Example::detection).toList());
            assertEquals(classifier.process(sample), other.process(sample));
        }
    }
}
