package dev.stagegraph.samples.camera;

import dev.stagegraph.FrameContext;
import dev.stagegraph.JoinStage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Joins each frame's sizes and labels (the k-th of each describe the k-th detection) and keeps the
 * running state: tracks with persistent IDs ({@link Tracker}), confirmed tracks and detections per
 * kind, and a histogram of heights. Stateful across frames, so it runs as one instance.
 */
final class Aggregator implements JoinStage<List<SizeEstimate>, List<Label>, FrameResult> {
    private final Tracker tracker = new Tracker();
    private final int[] tracksPerKind = new int[Kind.all().size()];
    private final long[] detectionsPerKind = new long[Kind.all().size()];
    private final int[] heights = new int[Tally.BINS];

    @Override
    public FrameResult process(List<SizeEstimate> sizes, List<Label> labels, FrameContext ctx) {
        long frame = ctx.number();
        if (sizes.size() != labels.size()) {
            throw new IllegalStateException("frame " + frame + " has " + sizes.size() + " sizes but " + labels.size()
                    + " labels: both branches must keep the detector's objects in order");
        }
        List<Box> boxes = new ArrayList<>(sizes.size());
        List<Kind> kinds = new ArrayList<>(sizes.size());
        for (int i = 0; i < sizes.size(); i++) {
            boxes.add(sizes.get(i).box());
            kinds.add(labels.get(i).kind());
        }
        List<Tracker.Track> tracks = tracker.update(boxes, kinds);
        for (Tracker.Track t : tracks) {
            recount(t);
        }
        List<TrackedObject> objects = new ArrayList<>(sizes.size());
        for (int i = 0; i < sizes.size(); i++) {
            SizeEstimate s = sizes.get(i);
            Label l = labels.get(i);
            Tracker.Track t = tracks.get(i);
            detectionsPerKind[l.kind().ordinal()]++;
            int bin = Tally.bin(s.worldHeight());
            if (bin >= 0) {
                heights[bin]++;
            }
            objects.add(new TrackedObject(t.id, t.confirmed, s.box(), l.kind(), l.confidence(), s.worldWidth(),
                    s.worldHeight(), l.face()));
        }
        return new FrameResult(frame, objects, tally());
    }

    /** Counts a confirmed track under its majority label, moving it when the majority changed. */
    private void recount(Tracker.Track t) {
        if (!t.confirmed || t.majority() == t.countedAs) {
            return;
        }
        if (t.countedAs != null) {
            tracksPerKind[t.countedAs.ordinal()]--;
        }
        t.countedAs = t.majority();
        tracksPerKind[t.countedAs.ordinal()]++;
    }

    private Tally tally() {
        return new Tally(Arrays.stream(tracksPerKind).boxed().toList(), Arrays.stream(detectionsPerKind).boxed().toList(),
                Arrays.stream(heights).boxed().toList());
    }
}
