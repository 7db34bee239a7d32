package dev.stagegraph.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stagegraph.Execution;
import dev.stagegraph.FrameContext;
import dev.stagegraph.Pipeline;
import dev.stagegraph.PipelineBuilder;
import dev.stagegraph.PipelineFailedException;
import dev.stagegraph.Port;
import dev.stagegraph.Stage;
import dev.stagegraph.StageContext;
import dev.stagegraph.StageOptions;
import dev.stagegraph.report.RunReport;
import dev.stagegraph.source.Feed;
import dev.stagegraph.source.FrameSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Per-source stages that read only the source run on their source's thread once a run has as many
 * sources as {@code fuseFromSources} (the machine's cores by default): each instance is opened,
 * fed, told of its end and closed on that one thread, before its source closes; a failure to open
 * names the stage; and a slow one holds up no other source's frames (it runs before its source
 * claims a slot, so nothing waits behind it in the ring).
 */
class SourceThreadStagesTest {

    /** What happened on which thread: "event instance thread", in order. */
    private static final List<String> JOURNAL = Collections.synchronizedList(new ArrayList<>());

    /** A per-source stage that journals its lifecycle with its thread's name. */
    private static final class Journaled implements Stage<Long, Long> {
        private final String failOpen;
        private String me;

        Journaled(String failOpen) {
            this.failOpen = failOpen;
        }

        @Override
        public void open(StageContext context) {
            me = context.stage() + ":" + context.replica();
            JOURNAL.add("open " + me + " " + Thread.currentThread().getName());
            if (me.equals(failOpen)) {
                throw new IllegalStateException("no background model for " + me);
            }
        }

        @Override
        public Long process(Long in, FrameContext frame) {
            JOURNAL.add("process " + me + " " + Thread.currentThread().getName());
            return in * 2;
        }

        @Override
        public void endOfStream(String source) {
            JOURNAL.add("end " + me + " " + Thread.currentThread().getName());
        }

        @Override
        public void close() {
            JOURNAL.add("close " + me + " " + Thread.currentThread().getName());
        }
    }

    /** A source of {@code frames} numbers that journals its close. */
    private static FrameSource<Long> source(String name, int frames) {
        FrameSource<Long> numbers = FrameSource.of(LongStream.range(0, frames).boxed().toList());
        return new FrameSource<>() {
            @Override
            public void open() throws Exception {
                numbers.open();
            }

            @Override
            public Long next(Long reuse) throws Exception {
                return numbers.next(reuse);
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public void close() {
                JOURNAL.add("close source:" + name + " " + Thread.currentThread().getName());
            }
        };
    }

    private static Pipeline<Long, Long> pipeline(String failOpen) {
        PipelineBuilder<Long> b = Pipeline.builder("fused");
        Port<Long> detected = b.stage("detector", b.source(), () -> new Journaled(failOpen),
                StageOptions.defaults().perSource().ordered());
        return b.build(b.stage("shared", detected, () -> (n, f) -> n + 1, StageOptions.defaults().replicas(2)));
    }

    private static List<Feed<Long>> feeds(int... lengths) {
        List<Feed<Long>> feeds = new ArrayList<>();
        for (int k = 0; k < lengths.length; k++) {
            feeds.add(Feed.of(source("cam" + k, lengths[k])).named("cam" + k));
        }
        return feeds;
    }

    /** The journal's events of one instance, as "event thread". */
    private static List<String> of(String instance) {
        List<String> events = new ArrayList<>();
        synchronized (JOURNAL) {
            for (String e : JOURNAL) {
                String[] parts = e.split(" ");
                if (parts[1].equals(instance)) {
                    events.add(parts[0] + " " + parts[2]);
                }
            }
        }
        return events;
    }

    @RepeatedTest(5)
    void fused_eachInstanceLivesOnItsSourcesThread_fromOpenToClose_andClosesBeforeItsSource() throws Exception {
        JOURNAL.clear();
        MultiSourceTest.PerSource<Long, Long> sink = new MultiSourceTest.PerSource<>();
        RunReport report = ParallelRunner.builder().fuseFromSources(2).build().run(pipeline(null), feeds(30, 7), sink, Map.of());

        assertEquals(37, report.completed(), report.toTable());
        int[] lengths = {30, 7};
        for (int k = 0; k < 2; k++) {
            String thread = "stagegraph-fused-source-cam" + k;
            List<String> expected = new ArrayList<>();
            expected.add("open " + thread);
            for (int n = 0; n < lengths[k]; n++) {
                expected.add("process " + thread);
            }
            expected.add("end " + thread);
            expected.add("close " + thread);
            assertEquals(expected, of("detector:" + k), "instance " + k + ", in order, on its source's thread only");
            List<String> outcomes = new ArrayList<>();
            for (long n = 0; n < lengths[k]; n++) {
                outcomes.add(n + " RESULT " + (n * 2 + 1));
            }
            assertEquals(outcomes, sink.outcomes.get("cam" + k), "cam" + k + "'s results, in its order");
            int close = JOURNAL.indexOf("close detector:" + k + " " + thread);
            int sourceClose = JOURNAL.indexOf("close source:cam" + k + " " + thread);
            assertTrue(close >= 0 && close < sourceClose, "the instance closes before its source: " + JOURNAL);
        }
        assertEquals(2, report.stages().get(0).replicas(), report.toTable());
        assertEquals(37, report.stages().get(0).calls(), report.toTable());
        assertTrue(TestRunners.liveRuntimeThreads().isEmpty(), "threads left: " + TestRunners.liveRuntimeThreads());
    }

    @Test
    void notFused_belowTheSourceCount_eachInstanceHasAThreadOfItsOwn() throws Exception {
        JOURNAL.clear();
        RunReport report = ParallelRunner.builder().fuseFromSources(3).build().run(pipeline(null), feeds(5, 5),
                new MultiSourceTest.PerSource<>(), Map.of());

        assertEquals(10, report.completed());
        for (int k = 0; k < 2; k++) {
            for (String event : of("detector:" + k)) {
                assertTrue(event.endsWith(" stagegraph-fused-detector-" + k), event);
            }
        }
    }

    @Test
    void fused_failedOpen_namesTheStage_andClosesWhatOpened() {
        JOURNAL.clear();
        PipelineFailedException e = assertThrows(PipelineFailedException.class, () -> ParallelRunner.builder()
                .fuseFromSources(2).build().run(pipeline("detector:1"), feeds(20, 20), new MultiSourceTest.PerSource<>(), Map.of()));

        assertEquals("detector", e.failure().stage());
        assertEquals(1, e.failure().replica());
        assertTrue(e.getMessage().contains("stage 'detector'"), e.getMessage());
        assertTrue(e.getCause().getMessage().contains("no background model for detector:1"), e.getCause().toString());
        assertEquals(List.of("open stagegraph-fused-source-cam0", "close stagegraph-fused-source-cam0"),
                of("detector:0").stream().filter(x -> !x.startsWith("process")).toList(), "the instance that opened is closed");
        assertEquals(List.of("open stagegraph-fused-source-cam1"), of("detector:1"), "the one whose open threw is not closed");
        assertTrue(JOURNAL.contains("close source:cam0 stagegraph-fused-source-cam0") && JOURNAL.contains("close source:cam1 stagegraph-fused-source-cam1"),
                "both sources close: " + JOURNAL);
    }

    /**
     * Camera 0's stage holds its first frame until the sink has had ten of camera 1's frames, and
     * camera 1 reads its first frame only once that stage holds. Run after camera 0 claimed a
     * slot, the stage would keep every later slot from the ring's readers, so camera 1's frames
     * could not reach the sink and the wait would run out.
     */
    @RepeatedTest(5)
    void fused_aSlowStageOnOneSource_holdsUpNoOtherSourcesFrames() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch tenOfCam1 = new CountDownLatch(10);
        Map<String, Boolean> waited = new ConcurrentHashMap<>();
        PipelineBuilder<Long> b = Pipeline.builder("slow");
        Port<Long> detected = b.stage("detector", b.source(), () -> (n, f) -> {
            if (f.source().equals("cam0") && f.number() == 0) {
                holding.countDown();
                waited.put("released", tenOfCam1.await(20, TimeUnit.SECONDS));
            }
            return n;
        }, StageOptions.defaults().perSource());
        FrameSource<Long> cam1 = FrameSource.of(LongStream.range(0, 40).boxed().toList());
        FrameSource<Long> afterHold = new FrameSource<>() {
            @Override
            public void open() throws Exception {
                cam1.open();
            }

            @Override
            public Long next(Long reuse) throws Exception {
                if (!holding.await(20, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("camera 0's stage never started");
                }
                return cam1.next(reuse);
            }
        };
        List<Feed<Long>> feeds = List.of(Feed.of(source("cam0", 3)).named("cam0"), Feed.of(afterHold).named("cam1"));
        RunReport report = ParallelRunner.builder().fuseFromSources(2).build().run(b.build(detected), feeds, o -> {
            if (o.frame().source().equals("cam1")) {
                tenOfCam1.countDown();
            }
        }, Map.of());

        assertEquals(43, report.completed(), report.toTable());
        assertEquals(Boolean.TRUE, waited.get("released"), "camera 1's frames reached the sink while camera 0's stage held");
    }

    /**
     * A fused stage that never returns from camera 0's frame 5: the frame it holds was taken but
     * is in no ring slot, so the stall report names that stage and its thread, and the abort
     * counts the frame as aborted and hands it back among the unfinished ones.
     */
    @RepeatedTest(3)
    void fused_aHungStage_isNamedInTheStallReport_andItsFrameIsUnfinished() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch holding = new CountDownLatch(1);
        PipelineBuilder<Long> b = Pipeline.builder("hung");
        Port<Long> detected = b.stage("detector", b.source(), () -> (n, f) -> {
            if (f.source().equals("cam0") && f.number() == 5) {
                holding.countDown();
                while (release.getCount() > 0) {
                    try {
                        release.await(20, TimeUnit.SECONDS);
                        break;
                    } catch (InterruptedException e) {
                        // ignores the runtime's interrupt, as a hung native call would
                    }
                }
            }
            return n;
        }, StageOptions.defaults().perSource());
        Execution<Long> run = ParallelRunner.builder().fuseFromSources(2).stallTimeout(Duration.ofMillis(200)).build()
                .start(b.build(detected), feeds(50, 20), o -> { }, Map.of());
        try {
            assertTrue(holding.await(20, TimeUnit.SECONDS), "camera 0's frame 5 never reached the stage");
            assertTrue(run.awaitEnd(Duration.ofMillis(800)) == false, "the run cannot end while the stage holds a frame");
            RunReport report = run.abort(Duration.ofMillis(300));

            assertEquals(report.framesIn(), report.completed() + report.failed() + report.dropped() + report.aborted(),
                    report.toTable());
            assertTrue(report.aborted() >= 1, report.toTable());
            assertTrue(run.unfinished().contains(5L), "the held frame is handed back: " + run.unfinished());
            String stall = report.warnings().stream().filter(w -> w.startsWith("stall")).findFirst().orElse("no stall in "
                    + report.warnings());
            assertTrue(stall.contains("source 'cam0' has not published its frame 5") && stall.contains("stage 'detector' (replica 0)")
                    && stall.contains("stagegraph-hung-source-cam0"), stall);
        } finally {
            release.countDown();
        }
    }

    /**
     * The trace of a run over two sources puts each span on the track of the thread that ran it:
     * a fused per-source stage's on its source's, an unfused one's on the instance of the frame's
     * source, a shared replica's on the replica the frame was dealt to.
     */
    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void trace_putsEachSpanOnTheTrackOfTheThreadThatRanIt(int fuseFrom, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("trace.json");
        PipelineBuilder<Long> b = Pipeline.builder("traced");
        Port<Long> detected = b.stage("detector", b.source(), () -> (n, f) -> n, StageOptions.defaults().perSource());
        Port<Long> shared = b.stage("shared", detected, () -> (n, f) -> n, StageOptions.defaults().replicas(2));
        ParallelRunner.builder().fuseFromSources(fuseFrom).trace(file, 40).build().run(b.build(shared), feeds(30, 30),
                o -> { }, Map.of());

        Map<Integer, String> tracks = new HashMap<>();
        Map<String, Integer> spans = new HashMap<>();
        for (JsonNode e : new ObjectMapper().readTree(file.toFile()).get("traceEvents")) {
            if (e.get("ph").asText().equals("M")) {
                tracks.put(e.get("tid").asInt(), e.get("args").get("name").asText());
            }
        }
        for (JsonNode e : new ObjectMapper().readTree(file.toFile()).get("traceEvents")) {
            if (e.get("ph").asText().equals("X") && e.get("cat").asText().equals("stage")) {
                String stage = e.get("name").asText();
                int replica = e.get("args").get("replica").asInt();
                String expected = stage.equals("detector") && fuseFrom == 2 ? "stagegraph-traced-source-cam" + replica
                        : "stagegraph-traced-" + stage + "-" + replica;
                assertEquals(expected, tracks.get(e.get("tid").asInt()), e.toString());
                spans.merge(stage, 1, Integer::sum);
            }
        }
        assertEquals(Map.of("detector", 40, "shared", 40), spans);
    }
}
