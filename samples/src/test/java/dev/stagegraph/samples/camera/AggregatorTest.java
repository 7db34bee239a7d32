package dev.stagegraph.samples.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagegraph.testkit.StageTester;
import dev.stagegraph.testkit.StageTester.Pair;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AggregatorTest {
    private static final List<String> CLASSES = List.of("person", "cart", "ball", "box");


    @Test
    void shouldKeepEachGeneratedObjectOnOneTrack() throws Exception {
        Footage footage = Footage.record(3, 120, 0.5);
        Map<Integer, Map<Integer, Integer>> tracksPerObject = new HashMap<>();
        FrameResult last = null;
        try (StageTester<Detections, List<SizeEstimate>> size = StageTester.of("size", SizeEstimator::new)
                        .param(SizeEstimator.GROUND, SyntheticSource.ground(footage.height)).open();
                StageTester<Detections, List<Label>> classifier = StageTester.of("classifier",
                        () -> new ShapeClassifier(1, 150, null)).open();
                StageTester<Pair<List<SizeEstimate>, List<Label>>, FrameResult> aggregator = StageTester.ofJoin("aggregator",
                        () -> new Aggregator(CLASSES)).open()) {
            for (Footage.Shot s : footage.shots) {
                last = aggregator.process(new Pair<>(size.process(s.detections()), classifier.process(s.detections())));
                for (Truth t : s.truth()) {
                    for (TrackedObject o : last.objects()) {
                        if (s.frame() >= Footage.WARM_UP && o.box().iou(t.box()) >= Footage.MATCH_IOU) {
                            tracksPerObject.computeIfAbsent(t.object(), k -> new HashMap<>()).merge(o.track(), 1, Integer::sum);
                        }
                    }
                }
            }
        }
        assertEquals(6, tracksPerObject.size(), "every generated object is matched to tracks: " + tracksPerObject);
        for (Map.Entry<Integer, Map<Integer, Integer>> e : tracksPerObject.entrySet()) {
            int total = e.getValue().values().stream().mapToInt(Integer::intValue).sum();
            int main = e.getValue().values().stream().mapToInt(Integer::intValue).max().orElse(0);
            assertTrue(main >= 0.9 * total, "object " + e.getKey() + " kept one track ID in only " + main + " of " + total
                    + " frames: " + e.getValue());
        }
        assertTrue(last.tally().tracks() >= 6 && last.tally().tracks() <= 8,
                "about one confirmed track per object, was " + last.tally().tracks());
    }

    @Test
    void shouldKeepIdsWhileBoxesMoveAndGiveNewOnesAfterAGap() throws Exception {
        StageTester<Pair<List<SizeEstimate>, List<Label>>, FrameResult> aggregator = StageTester.ofJoin("aggregator",
                () -> new Aggregator(CLASSES)).open();
        List<Integer> first = new ArrayList<>();
        for (int f = 0; f < 5; f++) {
            FrameResult r = aggregator.process(new Pair<>(List.of(size(10 + 3 * f, 50), size(300 - 4 * f, 80)),
                    List.of(label("person"), label("ball"))));
            first.add(r.objects().get(0).track());
            assertEquals(r.objects().get(0).track() + 1, r.objects().get(1).track(), "IDs in detection order");
            assertEquals(f >= Tracker.CONFIRM_HITS - 1, r.objects().get(0).confirmed());
        }
        assertEquals(List.of(1, 1, 1, 1, 1), first);
        FrameResult r = null;
        for (int f = 5; f < 5 + Tracker.MAX_MISSED + 1; f++) {
            r = aggregator.process(new Pair<>(List.of(), List.of()));
        }
        assertEquals(2, r.tally().tracks());
        assertEquals(1, r.tally().tracksPerClass().get("person"));
        assertEquals(1, r.tally().tracksPerClass().get("ball"));
        r = aggregator.at(20).process(new Pair<>(List.of(size(25, 50)), List.of(label("person"))));
        assertNotEquals(1, r.objects().get(0).track(), "a track unseen too long has ended");
        assertEquals(6L, r.tally().detectionsPerClass().get("person"));
        assertEquals(11, r.tally().heights().stream().mapToInt(Integer::intValue).sum());
        aggregator.close();
    }

    @Test
    void shouldRejectBranchesOfDifferentLengths() throws Exception {
        try (StageTester<Pair<List<SizeEstimate>, List<Label>>, FrameResult> aggregator = StageTester.ofJoin("aggregator",
                () -> new Aggregator(CLASSES)).open()) {
            assertThrows(IllegalStateException.class, () -> aggregator.process(new Pair<>(List.of(size(0, 0)), List.of())));
        }
    }

    private static SizeEstimate size(int x, int y) {
        return new SizeEstimate(new Box(x, y, 20, 60), 900, 1 / 3.0, 0.75, 0.5, 1.7);
    }

    private static Label label(String cls) {
        return new Label(cls, 0.9, Double.NaN);
    }

    @Test
    void tallyShouldListTheGivenClassesFirstAndAppendNewOnes() throws Exception {
        try (StageTester<Pair<List<SizeEstimate>, List<Label>>, FrameResult> aggregator = StageTester.ofJoin("aggregator",
                () -> new Aggregator(List.of("car", "person"))).open()) {
            FrameResult r = null;
            for (int f = 0; f < Tracker.CONFIRM_HITS; f++) {
                r = aggregator.process(new Pair<>(List.of(size(10 + 3 * f, 50)), List.of(label("truck"))));
            }
            assertEquals(List.of("car", "person", "truck"), List.copyOf(r.tally().tracksPerClass().keySet()));
            assertEquals("{\"tracks\":{\"car\":0,\"person\":0,\"truck\":1},\"detections\":{\"car\":0,\"person\":0,"
                    + "\"truck\":3}}", r.tally().toJson());
        }
    }
}
