package dev.stagegraph.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagegraph.Execution;
import dev.stagegraph.FrameSink;
import dev.stagegraph.Runner;
import dev.stagegraph.report.RunReport;
import dev.stagegraph.runtime.ParallelRunner;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** {@link LiveViews}: a view per run of a wrapped runner, the previous one closed when the next run starts. */
class LiveViewsTest {

    @Test
    void wrappedRunner_servesEachRun_closingThePreviousView() throws Exception {
        TestRun t = new TestRun();
        List<LiveView> served = new CopyOnWriteArrayList<>();
        LiveViews views = LiveViews.of(LiveView.options().linger(Duration.ofMinutes(1)), t.registry, served::add);
        Runner runner = views.wrap(ParallelRunner.builder().meterRegistry(t.registry).build());
        assertEquals("parallel", runner.mode());
        FrameSink<Long, byte[]> sink = o -> views.stream().offer(o.result());

        RunReport first = runner.run(t.pipeline, TestRun.numbers(50), sink);
        assertEquals(1, served.size());
        assertEquals(200, LiveViewEndpointsTest.get(served.get(0).url(), "/stats.json").statusCode(), "it lingers after the run");
        try (Execution<Long> second = runner.start(t.pipeline, TestRun.numbers(50), sink)) {
            assertEquals(2, served.size());
            assertTrue(served.get(0).awaitStopped(Duration.ZERO), "the first run's view closed when the second started");
            assertNotSame(served.get(0), served.get(1));
            assertEquals(50, second.await().completed());
        }
        assertEquals(50, first.completed());
        assertEquals(100, views.stream().offered());
        served.get(1).close();
        assertTrue(views.awaitStopped(Duration.ZERO));
    }
}
