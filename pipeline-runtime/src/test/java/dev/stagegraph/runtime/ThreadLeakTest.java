package dev.stagegraph.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagegraph.Execution;
import dev.stagegraph.FrameContext;
import dev.stagegraph.Pipeline;
import dev.stagegraph.PipelineBuilder;
import dev.stagegraph.PipelineFailedException;
import dev.stagegraph.Port;
import dev.stagegraph.StageOptions;
import dev.stagegraph.source.FrameSource;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.RepeatedTest;

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
}
