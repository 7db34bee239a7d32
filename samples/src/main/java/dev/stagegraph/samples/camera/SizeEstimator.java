package dev.stagegraph.samples.camera;

import dev.stagegraph.FrameContext;
import dev.stagegraph.Param;
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
    /** The calibration that turns pixels at a foot row into metres: a run parameter, so one pipeline serves any camera. */
    static final Param<GroundPlane> GROUND = Param.of("ground", GroundPlane.class);

    private GroundPlane ground;

    @Override
    public void open(StageContext context) {
        ground = context.param(GROUND);
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
