package dev.stagegraph.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagegraph.Execution;
import dev.stagegraph.FrameSink;
import dev.stagegraph.Runner;
import dev.stagegraph.report.RunReport;
import dev.stagegraph.runtime.ParallelRunner;
import dev.stagegraph.source.Feed;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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

    /**
     * A run over two sources through the wrapped runner: the wrapper starts it whole (not one source
     * of it) and one view serves each source's stream at {@code /stream.mjpg?source=NAME}, read by a
     * real client; an unknown source is a 404 naming the known ones.
     */
    @Test
    void wrappedRunner_startsARunOverSeveralSources_withAStreamPerSource() throws Exception {
        TestRun t = new TestRun();
        List<LiveView> served = new CopyOnWriteArrayList<>();
        LiveViews views = LiveViews.of(LiveView.options().linger(Duration.ofMinutes(1)), t.registry, served::add);
        Runner runner = views.wrap(ParallelRunner.builder().meterRegistry(t.registry).build());
        JpegStream a = views.stream("a");
        JpegStream b = views.stream("b");
        assertTrue(a == views.stream("a") && a != b, "one stream per source name");
        FrameSink<Long, byte[]> sink = o -> (o.frame().source().equals("a") ? a : b).offer(o.result());
        RunReport report = runner.run(t.pipeline, List.of(Feed.of(TestRun.numbers(30)).named("a"),
                Feed.of(TestRun.numbers(20)).named("b")), sink, Map.of());
        assertEquals(50, report.completed());
        assertEquals(2, report.sources().size());
        assertEquals(30, a.offered());
        assertEquals(20, b.offered());
        assertEquals(1, served.size(), "one view for the whole run");
        HttpResponse<InputStream> video = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                served.get(0).url().resolve("/stream.mjpg?source=b")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        String head;
        try (InputStream in = video.body()) {
            head = new String(in.readNBytes(256), StandardCharsets.ISO_8859_1);
        }
        assertTrue(head.contains("Content-Type: image/jpeg") && head.contains("X-Frame: 20\r\n"), "source b's newest frame: " + head);
        HttpResponse<String> unknown = LiveViewEndpointsTest.get(served.get(0).url(), "/stream.mjpg?source=c");
        assertEquals(404, unknown.statusCode());
        assertTrue(unknown.body().contains("'c'") && unknown.body().contains("a, ?source=b"), unknown.body());
        served.get(0).close();
    }
}
