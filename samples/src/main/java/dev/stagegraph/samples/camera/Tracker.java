package dev.stagegraph.samples.camera;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Simple multi-object tracking by overlap: each frame, detections are matched to the live tracks
 * greedily, best match first, scoring box overlap (IoU) plus nearness of centres; a matched track
 * takes the new box, an unmatched detection starts a track with a new ID, and a track unseen for
 * {@value #MAX_MISSED} frames ends. A track is confirmed after {@value #CONFIRM_HITS} hits; it
 * counts once, under the label most of its hits had so far (which may change while it lives: an
 * object entering the frame looks like something else until it is wholly in). Deterministic: ties are broken by track ID
 * and detection order, and between labels with equal votes by the label first given. Confined to one thread.
 */
final class Tracker {
    /** Frames a track may go unseen before it ends. */
    static final int MAX_MISSED = 8;
    /** Hits before a track is confirmed. */
    static final int CONFIRM_HITS = 3;
    private static final double MIN_SCORE = 0.1;

    /** One live track. */
    static final class Track {
        final int id;
        Box box;
        int hits;
        int missed;
        boolean confirmed;
        /** The label this track is counted under, once confirmed: its majority label so far. */
        String countedAs;
        private final Map<String, Integer> votes = new HashMap<>();
        private final List<String> order = new ArrayList<>();

        Track(int id, Box box) {
            this.id = id;
            this.box = box;
        }

        void vote(String label) {
            if (votes.merge(label, 1, Integer::sum) == 1) {
                order.add(label);
            }
        }

        String majority() {
            String best = order.get(0);
            for (String l : order) {
                if (votes.get(l) > votes.get(best)) {
                    best = l;
                }
            }
            return best;
        }
    }

    private record Pair(Track track, int detection, double score) {}

    private final List<Track> tracks = new ArrayList<>();
    private int nextId = 1;

    /**
     * Matches this frame's boxes to the tracks.
     *
     * @param boxes the detections' boxes
     * @param labels the detections' labels, same order
     * @return the track of each detection, same order
     */
    List<Track> update(List<Box> boxes, List<String> labels) {
        List<Pair> pairs = new ArrayList<>();
        for (Track t : tracks) {
            for (int d = 0; d < boxes.size(); d++) {
                double score = score(t.box, boxes.get(d));
                if (score >= MIN_SCORE) {
                    pairs.add(new Pair(t, d, score));
                }
            }
        }
        pairs.sort(Comparator.comparingDouble(Pair::score).reversed().thenComparingInt(p -> p.track().id)
                .thenComparingInt(Pair::detection));
        Track[] assigned = new Track[boxes.size()];
        List<Track> matched = new ArrayList<>();
        for (Pair p : pairs) {
            if (assigned[p.detection()] == null && !matched.contains(p.track())) {
                assigned[p.detection()] = p.track();
                matched.add(p.track());
            }
        }
        for (Iterator<Track> it = tracks.iterator(); it.hasNext();) {
            Track t = it.next();
            if (!matched.contains(t) && ++t.missed > MAX_MISSED) {
                it.remove();
            }
        }
        List<Track> result = new ArrayList<>(boxes.size());
        for (int d = 0; d < boxes.size(); d++) {
            Track t = assigned[d];
            if (t == null) {
                t = new Track(nextId++, boxes.get(d));
                tracks.add(t);
            }
            t.box = boxes.get(d);
            t.missed = 0;
            t.hits++;
            t.vote(labels.get(d));
            if (t.hits >= CONFIRM_HITS) {
                t.confirmed = true;
            }
            result.add(t);
        }
        return result;
    }

    /** Overlap, plus up to 0.3 for centres closer than the larger box's height. */
    static double score(Box a, Box b) {
        double dx = a.centreX() - b.centreX();
        double dy = a.centreY() - b.centreY();
        double reach = Math.max(a.height(), b.height());
        double near = Math.max(0, 1 - Math.sqrt(dx * dx + dy * dy) / reach);
        return a.iou(b) + 0.3 * near;
    }
}
