package dev.stagegraph.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stagegraph.Execution;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The endpoints of a live view, in process, against a real parallel run of {@link TestRun}'s pipeline. */
class LiveViewEndpointsTest {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] STAGES = {"paint", "checksum", "caption", "encode"};

    static HttpResponse<String> get(URI base, String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void metrics_parseAsPrometheusText_everyStageMetered_valuesMoveWhileFramesFlow() throws Exception {
        TestRun t = new TestRun(20, 400);
        try (Execution<Long> run = t.start(100_000);
                LiveView view = LiveView.serve(run, t.pipeline, t.registry, LiveView.options())) {
            assertTrue(t.awaitCompleted(0), "20 frames within 60 s");
            HttpResponse<String> first = get(view.url(), "/metrics");
            assertTrue(t.awaitCompleted(1), "400 frames within 60 s");
            HttpResponse<String> second = get(view.url(), "/metrics");
            run.stop();
            run.await();

            assertEquals(200, first.statusCode());
            assertTrue(first.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"),
                    first.headers().toString());
            PrometheusText a = PrometheusText.parse(first.body());
            PrometheusText b = PrometheusText.parse(second.body());
            assertEquals("summary", a.types.get("stagegraph_stage_process_seconds"), "a FunctionTimer is a summary");
            for (String stage : STAGES) {
                Map<String, String> tags = Map.of("pipeline", TestRun.NAME, "mode", "parallel", "stage", stage);
                for (String name : new String[] {"stagegraph_stage_process_seconds_count", "stagegraph_stage_process_seconds_sum",
                    "stagegraph_stage_backlog_frames"}) {
                    assertTrue(a.has(name, tags), name + " for stage " + stage + " in:\n" + first.body());
                }
                assertTrue(b.value("stagegraph_stage_process_seconds_count", tags) > a.value("stagegraph_stage_process_seconds_count", tags),
                        stage + "'s calls moved");
                assertTrue(b.value("stagegraph_stage_process_seconds_sum", tags) > a.value("stagegraph_stage_process_seconds_sum", tags),
                        stage + "'s busy time moved");
            }
            assertTrue(a.has("stagegraph_stage_process_seconds_count", Map.of("stage", "encode", "replica", "1")), "per replica");
            Map<String, String> done = Map.of("pipeline", TestRun.NAME, "outcome", "completed");
            String frames = a.types.containsKey("stagegraph_frames_total") ? "stagegraph_frames_total" : "stagegraph_frames_frames_total";
            assertTrue(b.value(frames, done) >= 400 && a.value(frames, done) < b.value(frames, done), "completed frames moved");
            assertTrue(a.has(frames, Map.of("outcome", "dropped")), "drops are exposed");
            assertTrue(a.has("stagegraph_frame_latency_seconds_count", Map.of("pipeline", TestRun.NAME)), "end-to-end latency");
            assertTrue(a.has("stagegraph_ring_occupancy_frames", Map.of("pipeline", TestRun.NAME)), "ring occupancy");
        }
    }

    @Test
    void statsJson_movesWhileFramesFlow_andCarriesTheReportWhenTheRunEnds() throws Exception {
        TestRun t = new TestRun(20, 300);
        Execution<Long> run = t.start(100_000);
        try (run; LiveView view = LiveView.serve(run, t.pipeline, t.registry, LiveView.options().stream(t.stream).linger(Duration.ofMinutes(1)))) {
            JsonNode graph = JSON.readTree(get(view.url(), "/graph.json").body());
            assertEquals(TestRun.NAME, graph.get("pipeline").asText());
            assertEquals(4, graph.get("stages").size());
            assertEquals("[-1]", graph.get("stages").get(0).get("inputs").toString());
            assertEquals("[0,1]", graph.get("stages").get(2).get("inputs").toString(), "caption joins paint and checksum");
            assertEquals(2, graph.get("stages").get(3).get("replicas").asInt());
            assertEquals(3, graph.get("result").asInt());

            assertTrue(t.awaitCompleted(0));
            JsonNode a = JSON.readTree(get(view.url(), "/stats.json").body());
            assertTrue(t.awaitCompleted(1));
            JsonNode b = JSON.readTree(get(view.url(), "/stats.json").body());
            assertFalse(a.get("ended").asBoolean());
            assertTrue(b.get("completed").asLong() > a.get("completed").asLong());
            assertTrue(b.get("seconds").asDouble() > a.get("seconds").asDouble());
            for (int i = 0; i < STAGES.length; i++) {
                JsonNode sa = a.get("stages").get(i);
                JsonNode sb = b.get("stages").get(i);
                assertEquals(STAGES[i], sb.get("name").asText());
                assertTrue(sb.get("metered").asBoolean());
                assertTrue(sb.get("calls").asLong() > sa.get("calls").asLong(), STAGES[i]);
                assertTrue(sb.get("busySeconds").asDouble() > sa.get("busySeconds").asDouble(), STAGES[i]);
            }
            assertTrue(b.get("stream").get("offered").asLong() >= 300);

            run.stop();
            long completed = run.await().completed();
            assertTrue(run.awaitEnd(Duration.ofSeconds(10)));
            JsonNode end = endedStats(view.url());
            assertEquals(completed, end.get("report").get("framesCompleted").asLong());
            assertEquals(TestRun.NAME, end.get("report").get("pipeline").asText());
            assertEquals(4, end.get("report").get("stages").size());
        }
    }

    /** The stats once the watcher has taken the run's outcome: bounded by count and by the linger. */
    private static JsonNode endedStats(URI url) throws Exception {
        for (int i = 0; i < 200; i++) {
            JsonNode s = JSON.readTree(get(url, "/stats.json").body());
            if (s.get("ended").asBoolean()) {
                return s;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("the stats never said the run ended");
    }

    @Test
    void page_isOneSelfContainedDocument_unknownPathsAndWritesAreRefused() throws Exception {
        TestRun t = new TestRun();
        try (Execution<Long> run = t.start(100_000);
                LiveView view = LiveView.serve(run, t.pipeline, t.registry, LiveView.options())) {
            assertEquals("127.0.0.1", view.url().getHost(), "loopback by default");
            assertEquals(view.port(), view.url().getPort());
            HttpResponse<String> page = get(view.url(), "/");
            assertEquals(200, page.statusCode());
            assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
            String html = page.body();
            assertTrue(html.contains("src=\"/stream.mjpg\"") && html.contains("/stats.json") && html.contains("/graph.json"));
            String withoutSvgNamespace = html.replace("\"http://www.w3.org/2000/svg\"", "");
            assertFalse(withoutSvgNamespace.contains("http://") || withoutSvgNamespace.contains("https://")
                    || withoutSvgNamespace.contains("src=\"//"), "no external URLs");
            HttpResponse<String> missing = get(view.url(), "/nothing");
            assertEquals(404, missing.statusCode());
            assertTrue(missing.body().contains("/metrics"), "the 404 names the endpoints");
            HttpResponse<String> post = CLIENT.send(HttpRequest.newBuilder(view.url().resolve("/metrics"))
                    .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(405, post.statusCode());
            run.stop();
        }
    }
}
