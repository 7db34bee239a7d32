package dev.stagegraph.samples.camera;

import dev.stagegraph.FrameContext;
import dev.stagegraph.Stage;
import dev.stagegraph.StageContext;
import java.util.List;

/**
 * The size branch for a graph whose objects come from {@link YoloxStage}: measures each sighting's
 * box with a {@link SizeEstimator}, in the sightings' order, so the k-th size and the k-th
 * sighting describe the same object. A box's area stands in for a blob's, so its extent is 1.
 * Stateless from frame to frame, so it can be replicated; it reads its calibration from the run
 * parameter {@link SizeEstimator#GROUND}, as the size estimator does.
 */
final class SightingSizes implements Stage<Sightings, List<SizeEstimate>> {
    private final SizeEstimator sizes = new SizeEstimator();

    @Override
    public void open(StageContext context) {
        sizes.open(context);
    }

    @Override
    public List<SizeEstimate> process(Sightings sightings, FrameContext frame) {
        return sizes.process(sightings.asDetections(null), frame);
    }
}
