package dev.stagegraph.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagegraph.ErrorPolicy;
import dev.stagegraph.FrameContext;
import dev.stagegraph.Pipeline;
import dev.stagegraph.PipelineBuilder;
import dev.stagegraph.Port;
import dev.stagegraph.Stage;
import dev.stagegraph.StageContext;
import dev.stagegraph.StageOptions;
import dev.stagegraph.runtime.SequentialRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Flink runner on one mini cluster (one task manager, 4 slots), shared by every test here. */
class FlinkRunnerTest {
    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4)
            .setConfiguration(REPORTER.addToConfiguration(new Configuration())).build());

    private static StreamExecutionEnvironment env(boolean restarts) {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        if (restarts) {
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
        } else {
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.configure(conf, FlinkRunnerTest.class.getClassLoader());
        return env;
    }

    /**
     * Random graphs (replicas, no-results, skip-frame failures on some seeds) over 1-4 sources of
     * random lengths give, per source and frame by frame, what the sequential runner gives.
     */
    @ParameterizedTest
    @CsvSource({"11, 2", "12, 4", "13, 2", "14, 4", "15, 2", "16, 2", "17, 4", "18, 2"})
    void matchesTheSequentialRunnerPerSourceFrameByFrame(long seed, int parallelism) throws Exception {
        SplittableRandom rnd = new SplittableRandom(seed);
        int failOneIn = seed % 2 == 1 ? 7 : 0;
        SerializableSupplier<Pipeline<Long, Long>> pipeline = () -> FlinkRandomDag.generate(seed, true, failOneIn);
        int count = 1 + rnd.nextInt(4);
        List<NamedSource<Long>> sources = new ArrayList<>();
        int[] lengths = new int[count];
        for (int i = 0; i < count; i++) {
            lengths[i] = rnd.nextInt(80);
            sources.add(NamedSource.of("cam" + i, Reference.source(seed * 100 + i, lengths[i])));
        }
        try (CollectingSink<Long> sink = new CollectingSink<>()) {
            FlinkRunner.builder().parallelism(parallelism).build().run(env(false), pipeline, sources, Types.LONG, sink);
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
                    .run(env(false), FlinkRunnerTest::probed, sources, Types.LONG, sink);
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
                assertEquals(lengths[i], counter(job, "stagegraph.source.s" + i + ".framesIn"));
                assertEquals(lengths[i], counter(job, "stagegraph.source.s" + i + ".completed"));
                assertEquals(0, counter(job, "stagegraph.source.s" + i + ".failed"));
            }
            assertEquals(125, counter(job, "stagegraph.stage.count.calls"));
            assertEquals(125, counter(job, "stagegraph.stage.probe.calls"));
        }
    }

    /** Sums a counter over every reader (and every attempt) of the job. */
    private static long counter(JobExecutionResult job, String suffix) {
        long sum = 0;
        int found = 0;
        String id = job.getJobID().toString();
        for (Map.Entry<MetricGroup, Map<String, Metric>> g : REPORTER.getMetricsByGroup().entrySet()) {
            if (!id.equals(g.getKey().getAllVariables().get("<job_id>"))) {
                continue;
            }
            for (Map.Entry<String, Metric> e : g.getValue().entrySet()) {
                if (g.getKey().getMetricIdentifier(e.getKey()).endsWith("." + suffix) && e.getValue() instanceof Counter c) {
                    sum += c.getCount();
                    found++;
                }
            }
        }
        assertTrue(found > 0, "no metric " + suffix);
        return sum;
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
                    .run(env(false), FlinkRunnerTest::calibrated, sources, Types.STRING, sink);
            Map<String, List<FrameResult<String>>> got = Reference.bySource(sink.results());
            assertEquals(List.of("door:main/door-cal", "door:main/door-cal", "door:main/door-cal"),
                    got.get("door").stream().map(FrameResult::value).collect(java.util.stream.Collectors.toList()));
            assertEquals(List.of("yard:annex/yard-cal", "yard:annex/yard-cal"),
                    got.get("yard").stream().map(FrameResult::value).collect(java.util.stream.Collectors.toList()));
        }
    }

    /** Fails its open. */
    static final class NoModel implements Stage<Long, Long> {
        @Override
        public void open(StageContext context) {
            throw new IllegalStateException("model file missing");
        }

        @Override
        public Long process(Long input, FrameContext ctx) {
            return input;
        }
    }

    static Pipeline<Long, Long> unopenable() {
        PipelineBuilder<Long> b = Pipeline.builder("unopenable");
        return b.build(b.stage("detector", b.source(), NoModel::new));
    }

    /** Without a restart strategy, a stage that fails to open fails the job, naming the source and the stage's error. */
    @Test
    void aFailedOpenFailsTheJobNamingTheSource() {
        try (CollectingSink<Long> sink = new CollectingSink<>()) {
            Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> FlinkRunner.builder().parallelism(2).build()
                    .run(env(false), FlinkRunnerTest::unopenable, List.of(NamedSource.of("door", Reference.source(1, 5))), Types.LONG, sink));
            Throwable t = e;
            while (t != null && !(t instanceof PipelineOnFlinkException)) {
                t = t.getCause();
            }
            assertTrue(t != null, "no PipelineOnFlinkException in " + e);
            assertTrue(t.getMessage().contains("source 'door'"), t.getMessage());
            Throwable root = t;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            assertEquals("model file missing", root.getMessage());
            assertEquals(List.of(), sink.results());
        }
    }

    static final AtomicBoolean THROWN = new AtomicBoolean();
    static final AtomicInteger OPENS = new AtomicInteger();
    static volatile CountDownLatch checkpointed = new CountDownLatch(1);

    /**
     * Throws once, on frame 70 of source "b", under fail-fast, after a checkpoint has completed
     * (so the restart resumes from a checkpoint, not from the start); counts its opens.
     */
    static final class ThrowOnce implements Stage<Long, Long> {
        private long frames;

        @Override
        public void open(StageContext context) {
            OPENS.incrementAndGet();
        }

        @Override
        public Long process(Long input, FrameContext ctx) throws InterruptedException {
            if (ctx.source().equals("b") && ctx.number() == 70 && !THROWN.get()) {
                assertTrue(checkpointed.await(60, TimeUnit.SECONDS), "no checkpoint completed within 60 s");
                THROWN.set(true);
                throw new IllegalStateException("injected once");
            }
            return input ^ ++frames;
        }
    }

    /** Passes records on and opens the latch when a checkpoint completes. */
    static final class CheckpointWatch implements MapFunction<FrameResult<Long>, FrameResult<Long>>, CheckpointListener {
        @Override
        public FrameResult<Long> map(FrameResult<Long> value) {
            return value;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointed.countDown();
        }
    }

    static Pipeline<Long, Long> failing() {
        PipelineBuilder<Long> b = Pipeline.builder("failing");
        b.defaultErrorPolicy(ErrorPolicy.failFast());
        return b.build(b.stage("once", b.source(), ThrowOnce::new, StageOptions.defaults().ordered()));
    }

    /**
     * A fail-fast failure fails the task, the restart strategy restarts it, stages open again, the
     * restarted reader resumes from the checkpointed frame number (it replays the frames before it
     * through the stages without emitting them), and every frame of every replayable source is
     * delivered with the same value each time (at-least-once: only frames after the checkpoint come
     * twice), never the failed attempt's failure.
     */
    @Test
    void aFailFastFailureRestartsFromTheCheckpointAndEveryFrameIsDeliveredAtLeastOnce() throws Exception {
        THROWN.set(false);
        OPENS.set(0);
        checkpointed = new CountDownLatch(1);
        int length = 150;
        List<NamedSource<Long>> sources = List.of(NamedSource.of("a", Reference.source(1, length)),
                NamedSource.of("b", Reference.source(2, length)), NamedSource.of("c", Reference.source(3, length)));
        StreamExecutionEnvironment env = env(true);
        env.enableCheckpointing(100);
        try (CollectingSink<Long> sink = new CollectingSink<>()) {
            FlinkRunner.builder().parallelism(2).build().stream(env, FlinkRunnerTest::failing, sources, Types.LONG)
                    .map(new CheckpointWatch()).returns(FrameResultTypeInfo.of(Types.LONG)).sinkTo(sink);
            JobExecutionResult job = env.execute("restart");
            assertTrue(THROWN.get(), "the stage threw");
            assertTrue(OPENS.get() > 3, "the restarted task opened its stages again: " + OPENS.get() + " opens");
            Map<String, List<FrameResult<Long>>> got = Reference.bySource(sink.results());
            long seed = 1;
            for (String name : List.of("a", "b", "c")) {
                List<FrameResult<Long>> expected = Reference.sequential(failing(), name, Reference.frames(seed++, length));
                Map<Long, FrameResult<Long>> distinct = new TreeMap<>();
                for (FrameResult<Long> r : got.get(name)) {
                    FrameResult<Long> before = distinct.putIfAbsent(r.frame(), r);
                    assertTrue(before == null || before.equals(r), "frame delivered twice with different values: " + before + " " + r);
                }
                assertEquals(expected, new ArrayList<>(distinct.values()), "source " + name);
            }
            long replayed = counter(job, "stagegraph.source.b.replayed");
            int twice = got.get("b").size() - length;
            assertTrue(replayed > 0, "the restarted reader resumed from a checkpoint");
            assertEquals(70, replayed + twice, "frames before the failure were either skipped (checkpointed) or emitted again");
            assertEquals(length, got.get("a").size(), "a source on another reader is not restarted");
        }
    }
}
