package dev.stagegraph.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagegraph.ErrorPolicy;
import dev.stagegraph.FrameContext;
import dev.stagegraph.Pipeline;
import dev.stagegraph.PipelineBuilder;
import dev.stagegraph.Stage;
import dev.stagegraph.StageContext;
import dev.stagegraph.StageOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Failures on Flink: a failed open fails the job; a fail-fast failure restarts from a checkpoint. */
class FlinkFailureTest {
    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = TestCluster.create(REPORTER);

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
                    .run(TestCluster.env(false), FlinkFailureTest::unopenable, List.of(NamedSource.of("door", Reference.source(1, 5))), Types.LONG, sink));
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
        StreamExecutionEnvironment env = TestCluster.env(true);
        env.enableCheckpointing(100);
        try (CollectingSink<Long> sink = new CollectingSink<>()) {
            FlinkRunner.builder().parallelism(2).build().stream(env, FlinkFailureTest::failing, sources, Types.LONG)
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
            long replayed = TestCluster.counter(REPORTER, job, "stagegraph.source.b.replayed");
            int twice = got.get("b").size() - length;
            assertTrue(replayed > 0, "the restarted reader resumed from a checkpoint");
            assertEquals(70, replayed + twice, "frames before the failure were either skipped (checkpointed) or emitted again");
            assertEquals(length, got.get("a").size(), "a source on another reader is not restarted");
        }
    }
}
