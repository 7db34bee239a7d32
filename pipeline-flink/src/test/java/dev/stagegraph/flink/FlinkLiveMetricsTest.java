package dev.stagegraph.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagegraph.FrameContext;
import dev.stagegraph.Pipeline;
import dev.stagegraph.PipelineBuilder;
import dev.stagegraph.Port;
import dev.stagegraph.Stage;
import dev.stagegraph.StageOptions;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The per-stage Flink metrics ({@code stagegraph.stage.<name>.calls|busyNanos}) move while a source
 * runs, not only at its end: a stage that holds frame {@value #GATE_AT} until the test has read the
 * metrics shows them counting the frames before it.
 */
class FlinkLiveMetricsTest {
    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = TestCluster.create(REPORTER);

    static final int GATE_AT = 20;
    static final int FRAMES = 50;
    static final CountDownLatch REACHED = new CountDownLatch(1);
    static final CountDownLatch RELEASE = new CountDownLatch(1);

    /** {@code work} (some arithmetic), then {@code gate}, which holds one frame until released. */
    static Pipeline<Long, Long> gated() {
        PipelineBuilder<Long> b = Pipeline.builder("gated");
        Port<Long> work = b.stage("work", b.source(), Work::new);
        return b.build(b.stage("gate", work, Gate::new, StageOptions.defaults().ordered()));
    }

    /** A little CPU per frame, so its busy time is more than the clock's grain. */
    static final class Work implements Stage<Long, Long> {
        @Override
        public Long process(Long frame, FrameContext ctx) {
            long h = frame;
            for (int i = 0; i < 10_000; i++) {
                h = Long.rotateLeft(h * 0x9E3779B97F4A7C15L, 7) ^ i;
            }
            return h;
        }
    }

    /** Passes frames through; at frame {@value #GATE_AT} it says so and waits for the test. */
    static final class Gate implements Stage<Long, Long> {
        @Override
        public Long process(Long value, FrameContext ctx) throws InterruptedException {
            if (ctx.number() == GATE_AT) {
                REACHED.countDown();
                if (!RELEASE.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never released the gate");
                }
            }
            return value;
        }
    }

    @Test
    void stageMetricsShouldCountWhileTheSourceRuns() throws Exception {
        List<NamedSource<Long>> sources = List.of(NamedSource.of("cam", Reference.source(5, FRAMES)));
        try (CollectingSink<Long> sink = new CollectingSink<>()) {
            StreamExecutionEnvironment env = TestCluster.env(false);
            FlinkRunner.builder().parallelism(1).build().stream(env, FlinkLiveMetricsTest::gated, sources, Types.LONG).sinkTo(sink);
            JobClient job = env.executeAsync("live stage metrics");
            JobID id = job.getJobID();
            try {
                assertTrue(REACHED.await(60, TimeUnit.SECONDS), "the gate was reached");
                assertEquals(GATE_AT, TestCluster.counter(REPORTER, id, "stagegraph.stage.gate.calls"),
                        "the gate's calls before the frame it holds");
                long work = TestCluster.counter(REPORTER, id, "stagegraph.stage.work.calls");
                assertTrue(work > GATE_AT && work <= FRAMES, "work ran up to and past the held frame, mid-run: " + work);
                assertTrue(TestCluster.counter(REPORTER, id, "stagegraph.stage.work.busyNanos") > 0, "work's busy time");
                assertTrue(sink.results().size() <= GATE_AT, "no result past the gate yet");
            } finally {
                RELEASE.countDown();
            }
            job.getJobExecutionResult().get(60, TimeUnit.SECONDS);
            assertEquals(FRAMES, sink.results().size());
            assertEquals(FRAMES, TestCluster.counter(REPORTER, id, "stagegraph.stage.gate.calls"), "every frame, once the run ended");
            assertEquals(FRAMES, TestCluster.counter(REPORTER, id, "stagegraph.stage.work.calls"));
        }
    }
}
