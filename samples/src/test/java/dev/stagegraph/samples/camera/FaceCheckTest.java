package dev.stagegraph.samples.camera;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagegraph.testkit.StageTester;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FaceCheckTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void natives() {
        OpenCv.load();
    }

    private static Path models() {
        return SharedData.require("models/" + FaceCheck.MODEL).getParent();
    }

    @Test
    void shouldScoreTheTopOfPeopleAndFindNoFaceOnADrawnFigure() throws Exception {
        SyntheticSource source = new SyntheticSource(640, 360, 40, 3, 6, false);
        source.open();
        try (StageTester<Detections, List<Label>> classifier = StageTester.of("classifier",
                () -> new ShapeClassifier(1, 100, models())).open()) {
            Frame f = null;
            int scored = 0;
            while ((f = source.next(f)) != null) {
                List<Detection> people = f.truth().stream().filter(t -> t.kind() == Kind.PERSON)
                        .map(t -> new Detection(t.box(), t.box().area(), outline(t.box()))).toList();
                for (Label l : classifier.process(new Detections(f.image, people))) {
                    if (l.cls().equals("person") && !Double.isNaN(l.face())) {
                        scored++;
                        assertTrue(l.face() >= 0 && l.face() < 0.5, "a drawn figure has no face: " + l);
                    }
                }
            }
            assertTrue(scored > 0, "some people were big enough to look for a face");
        } finally {
            source.close();
            source.releaseFrames();
        }
    }

    @Test
    void shouldNameTheMissingModelFile() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FaceCheck.load(tmp));
        assertTrue(e.getMessage().contains(FaceCheck.MODEL), e.getMessage());
    }

    /** A person-shaped outline filling the box, enough for the classifier to call it a person. */
    private static int[] outline(Box b) {
        int x = b.x();
        int y = b.y();
        int w = b.width();
        int h = b.height();
        return new int[] {x + w / 3, y, x + 2 * w / 3, y, x + w, y + h / 5, x + 3 * w / 4, y + h / 2, x + 2 * w / 3, y + h,
            x + w / 2 + 1, y + h, x + w / 2, y + 3 * h / 5, x + w / 2 - 1, y + h, x + w / 3, y + h, x + w / 4, y + h / 2, x,
            y + h / 5};
    }
}
