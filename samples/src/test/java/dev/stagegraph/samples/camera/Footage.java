package dev.stagegraph.samples.camera;

import dev.stagegraph.testkit.StageTester;
import java.util.ArrayList;
import java.util.List;

/**
 * Synthetic frames run through a real {@link Detector}, frame by frame, with each frame's ground
 * truth kept beside its detections, and each true object paired with the detection that overlaps
 * it best.
 */
final class Footage {
    /** The frames the background model gets before anything is measured. */
    static final int WARM_UP = 20;
    /** The overlap at which a detection counts as finding a true object. */
    static final double MATCH_IOU = 0.5;

    /** One frame's truth and detections. */
    record Shot(long frame, List<Truth> truth, Detections detections) {}

    /** A true object and the detection that found it, or {@code null}. */
    record Match(long frame, Truth truth, Detection detection, int index) {}

    final int width = 640;
    final int height = 360;
    final List<Shot> shots = new ArrayList<>();

    /** Runs {@code frames} synthetic 640x360 frames of {@code seed} through a detector at {@code scale}. */
    static Footage record(long seed, int frames, double scale) throws Exception {
        OpenCv.load();
        Footage footage = new Footage();
        SyntheticSource source = new SyntheticSource(footage.width, footage.height, frames, seed, 6, false);
        source.open();
        try (StageTester<Frame, Detections> detector = StageTester.of("detector", () -> new Detector(scale)).open()) {
            Frame f = null;
            for (long n = 0; (f = source.next(f)) != null; n++) {
                footage.shots.add(new Shot(n, f.truth(), detector.process(f)));
            }
        } finally {
            source.close();
            source.releaseFrames();
        }
        return footage;
    }

    /** The shots after the warm-up. */
    List<Shot> measured() {
        return shots.subList(Math.min(WARM_UP, shots.size()), shots.size());
    }

    /** Every true object after the warm-up, with the detection that overlaps it best, if enough. */
    List<Match> matches() {
        List<Match> matches = new ArrayList<>();
        for (Shot s : measured()) {
            for (Truth t : s.truth()) {
                Detection best = null;
                int index = -1;
                double bestIou = MATCH_IOU;
                List<Detection> objects = s.detections().objects();
                for (int i = 0; i < objects.size(); i++) {
                    double iou = objects.get(i).box().iou(t.box());
                    if (iou >= bestIou) {
                        bestIou = iou;
                        best = objects.get(i);
                        index = i;
                    }
                }
                matches.add(new Match(s.frame(), t, best, index));
            }
        }
        return matches;
    }

    /** Whether the object is wholly inside the frame, so its box is not cut. */
    boolean whole(Truth t) {
        Box b = t.box();
        return b.x() > 0 && b.y() > 0 && b.right() < width && b.bottom() < height;
    }
}
