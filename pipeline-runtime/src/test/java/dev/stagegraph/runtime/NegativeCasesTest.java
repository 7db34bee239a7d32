package dev.stagegraph.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagegraph.ErrorPolicy;
import dev.stagegraph.Execution;
import dev.stagegraph.Pipeline;
import dev.stagegraph.PipelineBuilder;
import dev.stagegraph.Port;
import dev.stagegraph.Runner;
import dev.stagegraph.StageOptions;
import dev.stagegraph.report.RunReport;
import dev.stagegraph.report.StageTimeoutException;
import dev.stagegraph.source.FrameSource;
import dev.stagegraph.source.LivePolicy;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The negative cases no test had (issue 10): a source whose open or next throws, a sink that
 * throws, a time limit with restart, two concurrent runs of one pipeline; each in both runners,
 * each checked for the failure it names, full accounting, and no runtime thread left (promise 3,
 * extending {@link ThreadLeakTest} to the sequential runner, restarts, time-outs and a live source).
 */
class NegativeCasesTest {
    private static final Duration HANG_GUARD = Duration.ofSeconds(60);

    static Stream<Runner> runners() {
        return Stream.of(SequentialRunner.create(), ParallelRunner.builder().ringSize(8).build(),
                ParallelRunner.builder().ringSize(8).livePolicy(LivePolicy.KEEP_LATEST).build());
    }

    private static Pipeline<Long, Long> identity(String name) {
        PipelineBuilder<Long> b = Pipeline.builder(name);
        return b.build(b.stage("id", b.source(), () -> (in, f) -> in));
    }

    private static void assertNoRuntimeThreadOf(String pipeline) {
        assertTrue(TestRunners.liveRuntimeThreads().stream().noneMatch(n -> n.startsWith("stagegraph-" + pipeline + "-")),
                "threads left: " + TestRunners.liveRuntimeThreads());
    }

    @ParameterizedTest
    @MethodSource("runners")
    void sourceWhoseOpenThrows_failsTheRun_namingTheSource(Runner runner) throws Exception {
        FrameSource<Long> source = new FrameSource<>() {
            @Override
            public void open() throws IOException {
                throw new IOException("no such camera");
            }

            @Override
            public Long next(Long reuse) {
                return 1L;
            }
        };
        TestRunners.Ending o = TestRunners.outcome(runner, identity("src-open"), source, TestRunners.results((f, i, r) -> {}));
        assertNotNull(o.failure());
        assertEquals("source", o.failure().failure().stage());
        assertEquals("no such camera", o.failure().getCause().getMessage());
        assertEquals(0, o.report().framesIn());
        assertNoRuntimeThreadOf("src-open");
    }

    @ParameterizedTest
    @MethodSource("runners")
    void sourceWhoseNextThrows_failsTheRun_andAccountsForWhatItTook(Runner runner) throws Exception {
        FrameSource<Long> source = new FrameSource<>() {
            private long n;

            @Override
            public Long next(Long reuse) throws IOException {
                if (n == 20) {
                    throw new IOException("stream corrupt at frame 20");
                }
                return n++;
            }

            @Override
            public boolean live() {
                return true;
            }
        };
        TestRunners.Ending o = TestRunners.outcome(runner, identity("src-next"), source, TestRunners.results((f, i, r) -> {}));
        assertNotNull(o.failure());
        assertEquals("source", o.failure().failure().stage());
        assertTrue(o.accounted(), o.report().toTable());
        assertEquals(20, o.report().framesIn());
        assertNoRuntimeThreadOf("src-next");
    }

    @ParameterizedTest
    @MethodSource("runners")
    void sinkThatThrows_failsTheRun_namingTheSink(Runner runner) throws Exception {
        TestRunners.Ending o = TestRunners.outcome(runner, identity("sink-throws"), TestRunners.frames(50), TestRunners.results((f, i, r) -> {
            if (f == 7) {
                throw new IOException("disk full");
            }
        }));
        assertNotNull(o.failure());
        assertEquals("sink", o.failure().failure().stage());
        assertEquals(7, o.failure().failure().frame());
        assertTrue(o.accounted(), o.report().toTable());
        assertEquals(7, o.report().completed());
        assertNoRuntimeThreadOf("sink-throws");
    }

    @ParameterizedTest
    @MethodSource("runners")
    void timeLimitWithRestart_replacesTheInstance_andTheRunGoesOn(Runner runner) {
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            PipelineBuilder<Long> b = Pipeline.builder("limit-restart");
            Port<Long> s = b.stage("slow", b.source(), () -> (in, ctx) -> {
                long frame = ctx.number();
                if (frame == 5) {
                    new CountDownLatch(1).await();
                }
                return in;
            }, StageOptions.defaults().timeLimit(Duration.ofMillis(100)).errorPolicy(ErrorPolicy.restart(3, Duration.ofMinutes(1))));
            TestRunners.RecordingSink<Long, Long> sink = new TestRunners.RecordingSink<>();
            TestRunners.Ending o = TestRunners.outcome(runner, b.build(s), TestRunners.frames(20), sink);
            assertEquals(null, o.failure());
            assertEquals(List.of(5L), sink.failedFrames);
            assertInstanceOf(StageTimeoutException.class, o.report().failures().get(0).cause());
            assertEquals(19, o.report().completed());
            assertEquals(1, o.report().stages().get(0).replicaReports().get(0).restarts());
            assertNoRuntimeThreadOf("limit-restart");
        });
    }

    @ParameterizedTest
    @MethodSource("runners")
    void twoConcurrentRunsOfOnePipeline_eachSeeOnlyTheirOwnFrames(Runner runner) {
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            Pipeline<Long, Long> p = identity("concurrent");
            TestRunners.RecordingSink<Long, Long> first = new TestRunners.RecordingSink<>();
            TestRunners.RecordingSink<Long, Long> second = new TestRunners.RecordingSink<>();
            Execution<Long> a = runner.start(p, FrameSource.of(List.of(1L, 2L, 3L)), first);
            Execution<Long> c = runner.start(p, FrameSource.of(List.of(10L, 20L)), second);
            TestRunners.Awaiting ra = TestRunners.awaitAsync(a);
            TestRunners.Awaiting rc = TestRunners.awaitAsync(c);
            RunReport one = ra.get(20, TimeUnit.SECONDS).report();
            RunReport two = rc.get(20, TimeUnit.SECONDS).report();
            a.close();
            c.close();
            assertEquals(List.of(1L, 2L, 3L), first.results);
            assertEquals(List.of(10L, 20L), second.results);
            assertEquals(3, one.completed());
            assertEquals(2, two.completed());
            assertNoRuntimeThreadOf("concurrent");
        });
    }
}
