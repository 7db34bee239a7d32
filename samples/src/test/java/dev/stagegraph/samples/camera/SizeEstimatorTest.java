package dev.stagegraph.samples.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagegraph.testkit.StageTester;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class SizeEstimatorTest {
    /** The median relative error of widths and heights in metres may not exceed this. */
    static final double MEDIAN_TOLERANCE = 0.05;
    /** Nine estimates out of ten must be within this relative error. */
    static final double P90_TOLERANCE = 0.15;

    @Test
    void shouldRecoverTheGeneratedSizesInMetres() throws Exception {
        Footage footage = Footage.record(3, 120, 0.5);
        SizeEstimator estimator = opened(SyntheticSource.ground(footage.height));
        List<Double> widthErrors = new ArrayList<>();
        List<Double> heightErrors = new ArrayList<>();
        for (Footage.Match m : footage.matches()) {
            if (m.detection() == null || !footage.whole(m.truth())) {
                continue;
            }
            SizeEstimate s = estimator.measure(m.detection());
            widthErrors.add(Math.abs(s.worldWidth() - m.truth().worldWidth()) / m.truth().worldWidth());
            heightErrors.add(Math.abs(s.worldHeight() - m.truth().worldHeight()) / m.truth().worldHeight());
        }
        assertTrue(widthErrors.size() > 200, "too few whole, detected objects: " + widthErrors.size());
        System.out.printf("size error: width median %.3f p90 %.3f, height median %.3f p90 %.3f over %d objects%n",
                quantile(widthErrors, 0.5), quantile(widthErrors, 0.9), quantile(heightErrors, 0.5), quantile(heightErrors, 0.9),
                widthErrors.size());
        for (List<Double> errors : List.of(widthErrors, heightErrors)) {
            assertTrue(quantile(errors, 0.5) <= MEDIAN_TOLERANCE, "median error " + quantile(errors, 0.5));
            assertTrue(quantile(errors, 0.9) <= P90_TOLERANCE, "90th percentile error " + quantile(errors, 0.9));
        }
    }

    @Test
    void shouldMeasureGeometryExactly() throws Exception {
        SizeEstimator estimator = opened(new GroundPlane(0, 10));
        Detection d = new Detection(new Box(10, 100, 20, 100), 1500, new int[] {10, 100, 29, 100, 29, 199, 10, 199});
        SizeEstimate s = estimator.measure(d);
        assertEquals(0.2, s.aspect(), 1e-9);
        assertEquals(0.75, s.extent(), 1e-9);
        assertEquals(1.0, s.worldWidth(), 1e-9, "20 px at 20 px/m (foot row 200, horizon row 0, 10 m up)");
        assertEquals(5.0, s.worldHeight(), 1e-9);
    }

    @Test
    void shouldSayUnknownAboveTheHorizon() throws Exception {
        SizeEstimator estimator = opened(new GroundPlane(300, 10));
        SizeEstimate s = estimator.measure(new Detection(new Box(0, 0, 10, 10), 100, new int[] {0, 0}));
        assertTrue(Double.isNaN(s.worldHeight()));
    }

    static double quantile(List<Double> values, double q) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(q * sorted.size())));
    }

    /** An estimator opened with {@code ground} as its run's calibration, as the runtime would open it. */
    private static SizeEstimator opened(GroundPlane ground) throws Exception {
        SizeEstimator estimator = new SizeEstimator();
        StageTester.of("size", () -> estimator).param(SizeEstimator.GROUND, ground).open();
        return estimator;
    }
}
