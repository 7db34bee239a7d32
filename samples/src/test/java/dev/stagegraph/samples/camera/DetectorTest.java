package dev.stagegraph.samples.camera;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DetectorTest {
    /** The share of generated objects the detector must find (IoU at least 0.5) after the warm-up. */
    static final double RECALL_FLOOR = 0.9;

    @Test
    void shouldFindTheGeneratedObjectsAtTheDefaultScale() throws Exception {
        assertRecall(Footage.record(3, 120, 0.5), 0.5);
    }

    @Test
    void shouldFindTheGeneratedObjectsAtFullResolutionOnAnotherSeed() throws Exception {
        assertRecall(Footage.record(11, 100, 1.0), 1.0);
    }

    private static void assertRecall(Footage footage, double scale) {
        List<Footage.Match> matches = footage.matches();
        long found = matches.stream().filter(m -> m.detection() != null).count();
        double recall = (double) found / matches.size();
        System.out.printf("detector recall at scale %.2f: %.3f (%d of %d objects)%n", scale, recall, found, matches.size());
        assertTrue(matches.size() > 300, "the footage should show hundreds of objects, showed " + matches.size());
        assertTrue(recall >= RECALL_FLOOR, "recall " + recall + " below " + RECALL_FLOOR);
    }

    @Test
    void shouldGiveBoxesAndOutlinesInFullFramePixels() throws Exception {
        Footage footage = Footage.record(3, 60, 0.5);
        for (Footage.Match m : footage.matches()) {
            if (m.detection() == null) {
                continue;
            }
            Box box = m.detection().box();
            int[] xy = m.detection().outline();
            for (int i = 0; i < xy.length; i += 2) {
                assertTrue(xy[i] >= box.x() - 2 && xy[i] <= box.right() + 1 && xy[i + 1] >= box.y() - 2
                        && xy[i + 1] <= box.bottom() + 1, "outline point outside its box " + box);
            }
            assertTrue(box.right() <= footage.width && box.bottom() <= footage.height, "box outside the frame: " + box);
        }
    }
}
