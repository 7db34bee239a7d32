package dev.stagegraph.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagegraph.Pipeline;
import dev.stagegraph.PipelineBuilder;
import dev.stagegraph.Port;
import dev.stagegraph.report.RunReport;
import dev.stagegraph.source.FrameSource;
import dev.stagegraph.source.LivePolicy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Flow control for live sources: a simulated 100 FPS camera feeds a 30 FPS pipeline. Under every
 * policy each captured frame is accounted for exactly once and delivered frames arrive in capture
 * order; the drop policies drop, block never does. How latency follows the policy is a timing
 * claim, so it is measured in {@code bench} (the live-keep-latest comparison), not asserted here.
 */
class LiveSourceTest {
    private static final int CAMERA_FRAMES = 60;
    private static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final int STAGE_MILLIS = 33;
    private static final int IN_FLIGHT = 2;

    /** A frame stamped with the moment the camera captured it. */
    record Shot(long number, long capturedNanos) {}

    /**
     * Delivers frame n at start + n periods, like a camera; a late reader gets the frames its driver
     * kept, with their original capture times.
     */
    static final class Camera implements FrameSource<Shot> {
        private long start;
        private long n;
        long captured;

        @Override
        public void open() {
            start = System.nanoTime();
        }

        @Override
        public Shot next(Shot reuse) throws InterruptedException {
            if (n == CAMERA_FRAMES) {
                return null;
            }
            long due = start + n * PERIOD_NANOS;
            long early = due - System.nanoTime();
            if (early > 0) {
                TimeUnit.NANOSECONDS.sleep(early);
            }
            captured++;
            return new Shot(n++, due);
        }

        @Override
        public boolean live() {
            return true;
        }
    }

    @ParameterizedTest
    @EnumSource(LivePolicy.class)
    void everyCapturedFrameIsAccountedFor_inCaptureOrder(LivePolicy policy) throws Exception {
        PipelineBuilder<Shot> b = Pipeline.builder("live");
        Port<Shot> slow = b.stage("slow", b.source(), () -> (shot, frame) -> {
            TimeUnit.MILLISECONDS.sleep(STAGE_MILLIS);
            return shot;
        });
        Pipeline<Shot, Shot> pipeline = b.build(slow);
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        List<Long> numbers = Collections.synchronizedList(new ArrayList<>());
        Camera camera = new Camera();

        RunReport report = ParallelRunner.builder().ringSize(8).maxInFlight(IN_FLIGHT).livePolicy(policy).build()
                .run(pipeline, camera, TestRunners.results((frame, shot, out) -> {
                    latencies.add(System.nanoTime() - shot.capturedNanos());
                    numbers.add(frame);
                    assertEquals(frame, shot.number(), "a frame's number is its capture index");
                }));

        assertEquals(camera.captured, report.framesIn());
        assertEquals(report.framesIn(), report.completed() + report.failed() + report.dropped() + report.aborted(), report.toTable());
        assertEquals(report.completed(), numbers.size());
        List<Long> sorted = new ArrayList<>(numbers);
        Collections.sort(sorted);
        assertEquals(sorted, numbers, "delivered in capture order");
        assertEquals(numbers.size(), numbers.stream().distinct().count(), "no frame delivered twice");

        assertEquals(numbers.size(), latencies.size());
        if (policy == LivePolicy.BLOCK) {
            assertEquals(0, report.dropped(), "block never drops");
        } else {
            assertTrue(report.dropped() > 0, "a 100 FPS camera into a 30 FPS pipeline drops frames");
        }
    }
}
