package dev.stagegraph.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagegraph.ErrorPolicy;
import dev.stagegraph.Execution;
import dev.stagegraph.FrameContext;
import dev.stagegraph.FrameSink;
import dev.stagegraph.Pipeline;
import dev.stagegraph.PipelineBuilder;
import dev.stagegraph.PipelineFailedException;
import dev.stagegraph.Port;
import dev.stagegraph.Runner;
import dev.stagegraph.StageOptions;
import dev.stagegraph.source.FrameSource;
import dev.stagegraph.source.LivePolicy;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Promise 3: no thread outlives a closed pipeline, however the run ended. */
class ThreadLeakTest {

    private static Pipeline<Long, Long> pipeline(long failAt, boolean failOpen) {
        PipelineBuilder<Long> b = Pipeline.builder("leak");
        Port<Long> a = b.stage("a", b.source(), () -> (in, frame) -> in);
        Port<Long> c = b.stage("c", a, () -> new dev.stagegraph.Stage<Long, Long>() {
            @Override
            public void open(dev.stagegraph.StageContext context) {
                if (failOpen && context.replica() == 1) {
                    throw new IllegalStateException("no device");
                }
            }

            @Override
            public Long process(Long in, FrameContext ctx) {
                long frame = ctx.number();
                if (frame == failAt) {
                    throw new IllegalStateException("boom");
                }
                return in;
            }
        }, StageOptions.defaults().replicas(2));
        return b.build(b.join("j", a, c, () -> (x, y, frame) -> x + y));
    }

    private static Set<Thread> all() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).collect(Collectors.toSet());
    }

    private static void assertNoNewThreads(Set<Thread> before) {
        Set<Thread> after = new HashSet<>(all());
        after.removeAll(before);
        Set<String> runtime = after.stream().map(Thread::getName).filter(n -> n.startsWith("stagegraph-")).collect(Collectors.toSet());
        assertTrue(runtime.isEmpty(), "threads alive after close: " + runtime);
    }

    @RepeatedTest(5)
    void noThreadOutlives_aCompletedRun() throws Exception {
        Set<Thread> before = all();
        ParallelRunner.create().run(pipeline(-1, false), FrameSource.of(LongStream.range(0, 500).boxed().toList()), TestRunners.results((f, i, o) -> {}));
        assertNoNewThreads(before);
    }

    @RepeatedTest(5)
    void noThreadOutlives_aFailedOpen() {
        Set<Thread> before = all();
        assertThrows(PipelineFailedException.class, () -> ParallelRunner.create().run(pipeline(-1, true),
                FrameSource.of(LongStream.range(0, 500).boxed().toList()), TestRunners.results((f, i, o) -> {})));
        assertNoNewThreads(before);
    }

    @RepeatedTest(5)
    void noThreadOutlives_aFailFastStop() {
        Set<Thread> before = all();
        assertThrows(PipelineFailedException.class, () -> ParallelRunner.create().run(pipeline(137, false),
                FrameSource.of(LongStream.range(0, 500).boxed().toList()), TestRunners.results((f, i, o) -> {})));
        assertNoNewThreads(before);
    }

    @RepeatedTest(5)
    void noThreadOutlives_anAbort() throws Exception {
        Set<Thread> before = all();
        FrameSource<Long> endless = reuse -> 1L;
        Execution<Long> run = ParallelRunner.create().start(pipeline(-1, false), endless, TestRunners.results((f, i, o) -> {}));
        var report = run.abort(java.time.Duration.ofSeconds(5));
        run.close();
        assertEquals(report.framesIn(), report.completed() + report.failed() + report.dropped() + report.aborted());
        assertEquals(report.aborted(), run.unfinished().size());
        assertNoNewThreads(before);
    }

    /** How a run can end, for {@link #noThreadOutlives}: each in both runners. */
    static Stream<Arguments> endings() {
        List<String> endings = List.of("restart", "time-out under skip-frame", "time-out under fail-fast", "live source",
                "source fails", "sink fails");
        return Stream.of(SequentialRunner.create(), ParallelRunner.builder().ringSize(8).build(),
                ParallelRunner.builder().ringSize(8).livePolicy(LivePolicy.KEEP_LATEST).build())
                .flatMap(r -> endings.stream().map(e -> Arguments.of(r, e)));
    }

    @ParameterizedTest(name = "{1} ({0})")
    @MethodSource("endings")
    void noThreadOutlives(Runner runner, String ending) throws Exception {
        Set<Thread> before = all();
        PipelineBuilder<Long> b = Pipeline.builder("leak-" + ending.replace(' ', '-'));
        ErrorPolicy policy = switch (ending) {
            case "restart" -> ErrorPolicy.restart(10, Duration.ofMinutes(1));
            case "time-out under fail-fast" -> ErrorPolicy.failFast();
            default -> ErrorPolicy.skipFrame();
        };
        StageOptions options = StageOptions.defaults().errorPolicy(policy);
        if (ending.startsWith("time-out")) {
            options = options.timeLimit(Duration.ofMillis(100));
        }
        Port<Long> s = b.stage("s", b.source(), () -> (in, ctx) -> {
            long frame = ctx.number();
            if (frame == 3 && ending.equals("restart")) {
                throw new IllegalStateException("restart me");
            }
            if (frame == 3 && ending.startsWith("time-out")) {
                new CountDownLatch(1).await();
            }
            return in;
        }, options);
        FrameSource<Long> source = new FrameSource<>() {
            private long n;

            @Override
            public Long next(Long reuse) {
                if (n == 5 && ending.equals("source fails")) {
                    throw new IllegalStateException("source broke");
                }
                return n < 50 ? n++ : null;
            }

            @Override
            public boolean live() {
                return ending.equals("live source");
            }
        };
        FrameSink<Long, Long> sink = TestRunners.results((f, i, o) -> {
            if (f == 5 && ending.equals("sink fails")) {
                throw new IllegalStateException("sink broke");
            }
        });
        TestRunners.Ending o = TestRunners.outcome(runner, b.build(s), source, sink);
        assertTrue(o.accounted(), o.report().toTable());
        assertNoNewThreads(before);
    }
}
