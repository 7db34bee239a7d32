package dev.stagegraph.samples.camera;

import dev.stagegraph.FrameContext;
import dev.stagegraph.JoinStage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Joins each frame's sizes and labels (the k-th of each describe the k-th object) and keeps the
 * running state: tracks with persistent IDs ({@link Tracker}), confirmed tracks and detections per
 * class, and a histogram of heights. Stateful across frames, so it runs as one instance.
 */
final class Aggregator implements JoinStage<List<SizeEstimate>, List<Label>, FrameResult> {
    private final Tracker tracker = new Tracker();
    private final Map<String, Integer> tracksPerClass = new LinkedHashMap<>();
    private final Map<String, Long> detectionsPerClass = new LinkedHashMap<>();
    private final int[] heights = new int[Tally.BINS];

    /**
     * An aggregator.
     *
     * @param classes the labels the classifier gives, in the order the tally lists them (each with
     *     zero counts until seen); a label not among them is appended when first seen
     */
    Aggregator(List<String> classes) {
        classes.forEach(this::known);
    }

    private void known(String cls) {
        tracksPerClass.putIfAbsent(cls, 0);
        detectionsPerClass.putIfAbsent(cls, 0L);
    }

    @Override
    public FrameResult process(List<SizeEstimate> sizes, List<Label> labels, FrameContext ctx) {
        long frame = ctx.number();
        if (sizes.size() != labels.size()) {
            throw new IllegalStateException("frame " + frame + " has " + sizes.size() + " sizes but " + labels.size()
                    + " labels: both branches must keep the detector's objects in order");
        }
        List<Box> boxes = new ArrayList<>(sizes.size());
        List<String> classes = new ArrayList<>(sizes.size());
        for (int i = 0; i < sizes.size(); i++) {
            boxes.add(sizes.get(i).box());
            classes.add(labels.get(i).cls());
            known(labels.get(i).cls());
        }
        List<Tracker.Track> tracks = tracker.update(boxes, classes);
        for (Tracker.Track t : tracks) {
            recount(t);
        }
        List<TrackedObject> objects = new ArrayList<>(sizes.size());
        for (int i = 0; i < sizes.size(); i++) {
            SizeEstimate s = sizes.get(i);
            Label l = labels.get(i);
            Tracker.Track t = tracks.get(i);
            detectionsPerClass.merge(l.cls(), 1L, Long::sum);
            int bin = Tally.bin(s.worldHeight());
            if (bin >= 0) {
                heights[bin]++;
            }
            objects.add(new TrackedObject(t.id, t.confirmed, s.box(), l.cls(), l.confidence(), s.worldWidth(),
                    s.worldHeight(), l.face()));
        }
        return new FrameResult(frame, objects, new Tally(tracksPerClass, detectionsPerClass,
                Arrays.stream(heights).boxed().toList()));
    }

    /** Counts a confirmed track under its majority label, moving it when the majority changed. */
    private void recount(Tracker.Track t) {
        if (!t.confirmed || t.majority().equals(t.countedAs)) {
            return;
        }
        if (t.countedAs != null) {
            tracksPerClass.merge(t.countedAs, -1, Integer::sum);
        }
        t.countedAs = t.majority();
        tracksPerClass.merge(t.countedAs, 1, Integer::sum);
    }
}
