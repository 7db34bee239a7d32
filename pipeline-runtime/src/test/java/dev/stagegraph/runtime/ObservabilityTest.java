package dev.stagegraph.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stagegraph.Execution;
import dev.stagegraph.Pipeline;
import dev.stagegraph.PipelineBuilder;
import dev.stagegraph.Port;
import dev.stagegraph.Runner;
import dev.stagegraph.StageOptions;
import dev.stagegraph.report.PipelineGraph;
import dev.stagegraph.report.RunReport;
import dev.stagegraph.report.StageReport;
import dev.stagegraph.source.FrameSource;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The report, the JSON, the trace, the meters and the graph say what happened, consistently. */
class ObservabilityTest {
    private static final int FRAMES = 30;
    private static final int SLEEP_MS = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** detector -> (sleepy 10 ms, fast x2) -> join. */
    static Pipeline<Long, Long> diamond() {
        PipelineBuilder<Long> b = Pipeline.builder("observed");
        Port<Long> detector = b.stage("detector", b.source(), () -> (in, frame) -> in);
        Port<Long> sleepy = b.stage("sleepy", detector, () -> (in, frame) -> {
            TimeUnit.MILLISECONDS.sleep(SLEEP_MS);
            return in;
        });
        Port<Long> fast = b.stage("fast", detector, () -> (in, frame) -> in + 1, StageOptions.defaults().replicas(2));
        return b.build(b.join("join", sleepy, fast, () -> (x, y, frame) -> x + y));
    }

    static FrameSource<Long> frames() {
        return FrameSource.of(LongStream.range(0, FRAMES).boxed().toList());
    }

    @ParameterizedTest
    @MethodSource("dev.stagegraph.runtime.TestRunners#both")
    void reportIsConsistent_andASleepingStageIsBusyForItsSleeps(Runner runner) throws Exception {
        RunReport r = runner.run(diamond(), frames(), TestRunners.results((f, i, o) -> {}));

        assertEquals(FRAMES, r.framesIn());
        assertEquals(r.framesIn(), r.completed() + r.failed() + r.dropped() + r.aborted());
        StageReport sleepy = r.stages().get(1);
        assertEquals(FRAMES, sleepy.calls());
        assertTrue(sleepy.busyNanos() >= TimeUnit.MILLISECONDS.toNanos((long) FRAMES * SLEEP_MS),
                "a stage that sleeps 10 ms a frame is busy at least that long: " + sleepy.busyNanos());
        assertTrue(sleepy.busyNanos() <= r.wallNanos(), "one instance cannot be busy longer than the run");
        assertTrue(sleepy.cpuShare() < 0.5, "sleeping is waiting, not computing: " + sleepy.cpuShare());
        assertEquals("sleepy", r.bottleneck().name());
        assertTrue(r.advice().contains("stage 'sleepy' x1 is the bottleneck") && r.advice().contains("x2 would allow up to"),
                r.advice());
        assertEquals(2, r.stages().get(2).replicaReports().size());
        assertEquals(FRAMES, r.stages().get(2).replicaReports().stream().mapToLong(x -> x.calls()).sum());
        assertEquals(FRAMES, r.endToEnd().count());
        assertTrue(r.endToEnd().p50Nanos() <= r.endToEnd().p99Nanos() && r.endToEnd().p99Nanos() <= r.endToEnd().maxNanos());
        assertEquals("Long", r.stages().get(0).outputType());
        assertTrue(r.toTable().contains("sleepy"), r.toTable());
    }

    @Test
    void json_parses_andCarriesTheFigures() throws Exception {
        RunReport r = ParallelRunner.create().run(diamond(), frames(), TestRunners.results((f, i, o) -> {}));
        JsonNode json = JSON.readTree(r.toJson());

        assertEquals("parallel", json.get("mode").asText());
        assertEquals(FRAMES, json.get("framesCompleted").asLong());
        assertEquals(r.fps(), json.get("fps").asDouble(), r.fps() * 1e-4);
        assertEquals("sleepy", json.get("bottleneck").asText());
        assertEquals(4, json.get("stages").size());
        JsonNode sleepy = json.get("stages").get(1);
        assertEquals("sleepy", sleepy.get("name").asText());
        assertEquals(FRAMES, sleepy.get("calls").asLong());
        assertEquals(r.stages().get(1).busyNanos() / 1e9, sleepy.get("busySeconds").asDouble(), 1e-3);
        assertTrue(sleepy.get("latencyMillis").get("p99").asDouble() >= SLEEP_MS);
        assertEquals(2, json.get("stages").get(2).get("replicaReports").size());
    }

    @Test
    void trace_hasOneCompleteSpanPerStagePerTracedFrame(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("trace.json");
        ParallelRunner.builder().trace(file, 20).build().run(diamond(), frames(), TestRunners.results((f, i, o) -> {}));
        JsonNode events = JSON.readTree(file.toFile()).get("traceEvents");

        Map<String, Integer> spansPerStage = new HashMap<>();
        Map<Integer, String> trackNames = new HashMap<>();
        int frameSpans = 0;
        for (JsonNode e : events) {
            if (e.get("ph").asText().equals("M")) {
                trackNames.put(e.get("tid").asInt(), e.get("args").get("name").asText());
            } else if (e.get("cat").asText().equals("stage")) {
                assertEquals("X", e.get("ph").asText());
                assertTrue(e.get("dur").asDouble() >= 0 && e.get("ts").asDouble() >= 0, e.toString());
                long frame = e.get("args").get("frame").asLong();
                assertTrue(frame >= FRAMES - 20 && frame < FRAMES, "only the last 20 frames: " + frame);
                spansPerStage.merge(e.get("name").asText(), 1, Integer::sum);
                String track = trackNames.get(e.get("tid").asInt());
                assertTrue(track.endsWith(e.get("name").asText() + "-" + e.get("args").get("replica").asInt()),
                        "span on its instance's track: " + track + " " + e);
            } else {
                frameSpans++;
            }
        }
        assertEquals(Map.of("detector", 20, "sleepy", 20, "fast", 20, "join", 20), spansPerStage);
        assertEquals(20, frameSpans);
    }

    @Test
    void meters_haveTheDocumentedNamesAndTags_matchTheReport_surviveGc_andGoAwayOnClose() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Execution<Long> run = ParallelRunner.builder().meterRegistry(registry).build().start(diamond(), frames(), TestRunners.results((f, i, o) -> {}));
        RunReport r = run.await();
        System.gc();

        for (StageReport s : r.stages()) {
            for (var replica : s.replicaReports()) {
                FunctionTimer t = registry.find("stagegraph.stage.process").tags("pipeline", "observed", "mode", "parallel", "stage",
                        s.name(), "replica", Integer.toString(replica.replica())).functionTimer();
                assertNotNull(t, s.name() + " replica " + replica.replica());
                assertEquals(replica.calls(), (long) t.count());
                assertEquals(replica.busyNanos(), t.totalTime(TimeUnit.NANOSECONDS), 1);
                assertNotNull(registry.find("stagegraph.stage.backlog").tags("stage", s.name()).gauge());
            }
        }
        assertEquals(r.completed(), (long) counter(registry, "completed").count());
        assertEquals(r.framesIn(), (long) counter(registry, "in").count());
        assertEquals(0, (long) counter(registry, "failed").count());
        assertEquals(r.endToEnd().count(), (long) registry.find("stagegraph.frame.latency").functionTimer().count());
        assertNotNull(registry.find("stagegraph.ring.occupancy").gauge());
        assertEquals(FRAMES, run.progress().done());

        run.close();
        assertNull(registry.find("stagegraph.frames").meter(), "meters live as long as the execution");
        assertTrue(registry.getMeters().isEmpty());
    }

    private static FunctionCounter counter(SimpleMeterRegistry registry, String outcome) {
        return registry.find("stagegraph.frames").tags("pipeline", "observed", "outcome", outcome).functionCounter();
    }

    @Test
    void dot_hasEveryStageAndEdge_andGraphvizRendersIt(@TempDir Path dir) throws Exception {
        Pipeline<Long, Long> p = diamond();
        RunReport r = ParallelRunner.create().run(p, frames(), TestRunners.results((f, i, o) -> {}));
        String dot = PipelineGraph.toDot(p, r);

        for (String edge : new String[] {"source -> \"detector\"", "\"detector\" -> \"sleepy\"", "\"detector\" -> \"fast\"",
                "\"sleepy\" -> \"join\"", "\"fast\" -> \"join\"", "\"join\" -> sink"}) {
            assertTrue(dot.contains(edge), "missing edge " + edge + " in\n" + dot);
        }
        assertTrue(dot.contains("fast x2"), dot);
        assertTrue(dot.contains("bottleneck"), dot);
        assertTrue(dot.contains("[label=\"Long\"]"), "edges carry the type that flows: " + dot);
        String mermaid = PipelineGraph.toMermaid(p, r);
        assertTrue(mermaid.startsWith("flowchart LR") && mermaid.contains("s1 -->|Long| s3"), mermaid);

        Path file = dir.resolve("g.dot");
        Files.writeString(file, dot);
        Path png = dir.resolve("g.png");
        Process dotProcess;
        try {
            dotProcess = new ProcessBuilder("dot", "-Tpng", file.toString(), "-o", png.toString()).redirectErrorStream(true).start();
        } catch (java.io.IOException notInstalled) {
            Assumptions.abort("Graphviz 'dot' is not installed (.ci/run installs it): " + notInstalled.getMessage());
            return;
        }
        String out = new String(dotProcess.getInputStream().readAllBytes());
        assertTrue(dotProcess.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, dotProcess.exitValue(), out);
        assertFalse(out.contains("syntax error"), out);
        assertTrue(Files.size(png) > 1000);
    }
}
