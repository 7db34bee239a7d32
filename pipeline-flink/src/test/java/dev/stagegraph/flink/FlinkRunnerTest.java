package dev.stagegraph.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagegraph.FrameContext;
import dev.stagegraph.Pipeline;
import dev.stagegraph.PipelineBuilder;
import dev.stagegraph.Port;
import dev.stagegraph.Stage;
import dev.stagegraph.StageContext;
import dev.stagegraph.StageOptions;
import dev.stagegraph.runtime.RandomDag;
import dev.stagegraph.runtime.SequentialRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Flink runner on one mini cluster (one task manager, 4 slots), shared by every test here. */
class FlinkRunnerTest {
    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = TestCluster.create(REPORTER);

    /**
     * Random graphs (replicas, no-results, skip-frame failures on some seeds) over 1-4 sources of
     * random lengths give, per source and frame by frame, what the sequential runner gives.
     */
    @ParameterizedTest
    @CsvSource({"11, 2", "12, 4", "13, 2", "14, 4", "15, 2", "16, 2", "17, 4", "18, 2"})
    void matchesTheSequentialRunnerPerSourceFrameByFrame(long seed, int parallelism) throws Exception {
        SplittableRandom rnd = new SplittableRandom(seed);
        int failOneIn = seed % 2 == 1 ? 7 : 0;
        SerializableSupplier<Pipeline<Long, Long>> pipeline = () -> RandomDag.generate(seed, true, failOneIn);
        int count = 1 + rnd.nextInt(4);
        List<NamedSource<Long>> sources = new ArrayList<>();
        int[] lengths = new int[count];
        for (int i = 0; i < count; i++) {
            lengths[i] = rnd.nextInt(80);
            sources.add(NamedSource.of("cam" + i, Reference.source(seed * 100 + i, lengths[i])));
        }
        try (CollectingSink<Long> sink = new CollectingSink<>()) {
            FlinkRunner.builder().parallelism(parallelism).build().run(TestCluster.env(false), pipeline, sources, Types.LONG, sink);
            Map<String, List<FrameResult<Long>>> got = Reference.bySource(sink.results());
            boolean sawFailure = false;
            for (int i = 0; i < count; i++) {
                List<FrameResult<Long>> expected = Reference.sequential(pipeline.get(), "cam" + i, Reference.frames(seed * 100 + i, lengths[i]));
                assertEquals(expected, got.getOrDefault("cam" + i, List.of()), "source cam" + i + " of seed " + seed);
                sawFailure |= expected.stream().anyMatch(r -> r.failure() != null);
            }
            assertEquals(count, got.size() + (int) java.util.Arrays.stream(lengths).filter(l -> l == 0).count());
            if (failOneIn > 0 && java.util.Arrays.stream(lengths).sum() > 40) {
                assertTrue(sawFailure, "skip-frame failures were delivered in order");
            }
        }
    }

    private static final Map<String, int[]> LIFECYCLE = new ConcurrentHashMap<>();
    private static final Map<String, List<String>> SEEN = new ConcurrentHashMap<>();

    /** Records its instance's lifecycle and the frames it sees. */
    static final class Probe implements Stage<Long, Long> {
        private String id;
        private List<String> seen;

        @Override
        public void open(StageContext context) {
            id = context.stage() + "-" + context.replica() + "-" + System.identityHashCode(this);
            LIFECYCLE.computeIfAbsent(id, k -> new int[2])[0]++;
            seen = SEEN.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>());
        }

        @Override
        public Long process(Long input, FrameContext ctx) {
            seen.add(ctx.source() + "#" + ctx.number());
            return input;
        }

        @Override
        public void close() {
            LIFECYCLE.get(id)[1]++;
        }
    }

    /** A per-source counter: its output depends on every earlier frame of its source. */
    static final class Counter1 implements Stage<Long, Long> {
        private long frames;

        @Override
        public Long process(Long input, FrameContext ctx) {
            return ++frames;
        }
    }

    static Pipeline<Long, Long> probed() {
        PipelineBuilder<Long> b = Pipeline.builder("probed");
        Port<Long> p = b.stage("probe", b.source(), Probe::new, StageOptions.defaults().replicas(2));
        return b.build(b.stage("count", p, Counter1::new, StageOptions.defaults().ordered()));
    }

    /**
     * Each instance opens and closes once and sees only its own source, in order; the report's
     * totals arrive as Flink metrics named as in the local report.
     */
    @Test
    void stagesSeeOnlyTheirSourceInOrderAndOpenAndCloseOnce() throws Exception {
        LIFECYCLE.clear();
        SEEN.clear();
        int[] lengths = {40, 25, 60};
        List<NamedSource<Long>> sources = new ArrayList<>();
        for (int i = 0; i < lengths.length; i++) {
            sources.add(NamedSource.of("s" + i, Reference.source(i, lengths[i])));
        }
        try (CollectingSink<Long> sink = new CollectingSink<>()) {
            JobExecutionResult job = FlinkRunner.builder().parallelism(2).localRunner(SequentialRunner::create).build()
                    .run(TestCluster.env(false), FlinkRunnerTest::probed, sources, Types.LONG, sink);
            assertEquals(2 * lengths.length, LIFECYCLE.size(), "two probe replicas per source");
            LIFECYCLE.forEach((id, c) -> assertEquals("1/1", c[0] + "/" + c[1], "opens/closes of " + id));
            List<String> all = new ArrayList<>();
            for (List<String> seen : SEEN.values()) {
                String source = seen.get(0).split("#")[0];
                long last = -1;
                for (String s : seen) {
                    String[] parts = s.split("#");
                    assertEquals(source, parts[0], "an instance saw two sources: " + seen);
                    assertTrue(Long.parseLong(parts[1]) > last, "out of order: " + seen);
                    last = Long.parseLong(parts[1]);
                }
                all.addAll(seen);
            }
            assertEquals(40 + 25 + 60, all.size());
            Map<String, List<FrameResult<Long>>> got = Reference.bySource(sink.results());
            for (int i = 0; i < lengths.length; i++) {
                assertEquals(Reference.sequential(probed(), "s" + i, Reference.frames(i, lengths[i])), got.get("s" + i));
                assertEquals(lengths[i], TestCluster.counter(REPORTER, job, "stagegraph.source.s" + i + ".framesIn"));
                assertEquals(lengths[i], TestCluster.counter(REPORTER, job, "stagegraph.source.s" + i + ".completed"));
                assertEquals(0, TestCluster.counter(REPORTER, job, "stagegraph.source.s" + i + ".failed"));
            }
            assertEquals(125, TestCluster.counter(REPORTER, job, "stagegraph.stage.count.calls"));
            assertEquals(125, TestCluster.counter(REPORTER, job, "stagegraph.stage.probe.calls"));
        }
    }

    static final dev.stagegraph.Param<String> CALIBRATION = dev.stagegraph.Param.of("calibration", String.class);
    static final dev.stagegraph.Param<String> SITE = dev.stagegraph.Param.of("site", String.class);

    /** Reads its source's parameters in open and returns them with each frame. */
    static final class Calibrated implements Stage<Long, String> {
        private String value;

        @Override
        public void open(StageContext context) {
            value = context.param(SITE) + "/" + context.param(CALIBRATION);
        }

        @Override
        public String process(Long input, FrameContext ctx) {
            return ctx.source() + ":" + value;
        }
    }

    static Pipeline<Long, String> calibrated() {
        PipelineBuilder<Long> b = Pipeline.builder("calibrated");
        return b.build(b.stage("read", b.source(), Calibrated::new));
    }

    /** Each source's own run parameters reach only its stages, over the runner's. */
    @Test
    void eachSourceRunsWithItsOwnParameters() throws Exception {
        List<NamedSource<Long>> sources = List.of(
                NamedSource.of("door", Reference.source(1, 3)).withParams(() -> Map.of(CALIBRATION, "door-cal")),
                NamedSource.of("yard", Reference.source(2, 2)).withParams(() -> Map.of(CALIBRATION, "yard-cal", SITE, "annex")));
        try (CollectingSink<String> sink = new CollectingSink<>()) {
            FlinkRunner.builder().parallelism(2).params(() -> Map.of(SITE, "main", CALIBRATION, "default")).build()
                    .run(TestCluster.env(false), FlinkRunnerTest::calibrated, sources, Types.STRING, sink);
            Map<String, List<FrameResult<String>>> got = Reference.bySource(sink.results());
            assertEquals(List.of("door:main/door-cal", "door:main/door-cal", "door:main/door-cal"),
                    got.get("door").stream().map(FrameResult::value).collect(java.util.stream.Collectors.toList()));
            assertEquals(List.of("yard:annex/yard-cal", "yard:annex/yard-cal"),
                    got.get("yard").stream().map(FrameResult::value).collect(java.util.stream.Collectors.toList()));
        }
    }

}
