package dev.stagegraph.samples.camera;

import dev.stagegraph.FrameContext;
import dev.stagegraph.Stage;
import dev.stagegraph.StageContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures each detection: box, area, aspect, extent, and width and height in metres through the
 * ground-plane calibration it is given (objects are assumed to stand on the ground, their foot at
 * the bottom of the box). Stateless from frame to frame, so it can be replicated.
 */
final class SizeEstimator implements Stage<Detections, List<SizeEstimate>> {
    private final GroundPlane ground;

    /**
     * A size estimator.
     *
     * @param ground the calibration that turns pixels at a foot row into metres
     */
    SizeEstimator(GroundPlane ground) {
        this.ground = ground;
    }

    @Override
    public void open(StageContext context) {
        if (ground == null) {
            throw new IllegalStateException("stage '" + context.stage() + "' needs a ground-plane calibration: pass --ground");
        }
    }

    @Override
    public List<SizeEstimate> process(Detections detections, FrameContext ctx) {
        long frame = ctx.number();
        List<SizeEstimate> sizes = new ArrayList<>(detections.objects().size());
        for (Detection d : detections.objects()) {
            sizes.add(measure(d));
        }
        return sizes;
    }

    SizeEstimate measure(Detection d) {
        Box b = d.box();
        double foot = b.bottom();
        return new SizeEstimate(b, d.area(), (double) b.width() / b.height(), d.area() / b.area(),
                ground.metres(b.width(), foot), ground.metres(b.height(), foot));
    }
}
