package dev.stagegraph.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagegraph.ErrorPolicy;
import dev.stagegraph.FrameSink;
import dev.stagegraph.Pipeline;
import dev.stagegraph.PipelineBuilder;
import dev.stagegraph.PipelineFailedException;
import dev.stagegraph.Port;
import dev.stagegraph.Runner;
import dev.stagegraph.StageOptions;
import dev.stagegraph.report.FrameFailure;
import dev.stagegraph.report.RunReport;
import dev.stagegraph.report.StageTimeoutException;
import dev.stagegraph.source.FrameSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Time limits and stall reports name the stage, the replica and the frame, with the thread's stack. */
class WatchdogTest {
    private static final Duration HANG_GUARD = Duration.ofSeconds(30);

    /** Hangs (until interrupted) on frame 7; fast otherwise. */
    private static Pipeline<Long, Long> hangsOnFrame7(ErrorPolicy policy) {
        PipelineBuilder<Long> b = Pipeline.builder("limits");
        Port<Long> slow = b.stage("slow", b.source(), () -> (in, ctx) -> {
            long frame = ctx.number();
            if (frame == 7) {
                new CountDownLatch(1).await();
            }
            return in;
        }, StageOptions.defaults().timeLimit(Duration.ofMillis(100)).errorPolicy(policy).replicas(2));
        return b.build(b.stage("next", slow, () -> (in, frame) -> in));
    }

    @ParameterizedTest
    @MethodSource("dev.stagegraph.runtime.TestRunners#both")
    void timeLimit_underSkipFrame_failsTheFrame_namesIt_andTheRunGoesOn(Runner runner) {
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            List<FrameFailure> failures = Collections.synchronizedList(new ArrayList<>());
            FrameSink<Long, Long> sink = new TestRunners.LegacySink<>() {
                @Override
                public void onResult(long frame, Long input, Long result) {}

                @Override
                public void onFailure(long frame, Long input, FrameFailure failure) {
                    failures.add(failure);
                }
            };
            RunReport report = runner.run(hangsOnFrame7(ErrorPolicy.skipFrame()),
                    FrameSource.of(LongStream.range(0, 20).boxed().toList()), sink);

            assertEquals(19, report.completed());
            assertEquals(1, failures.size());
            FrameFailure f = failures.get(0);
            assertEquals("slow", f.stage());
            assertEquals(1, f.replica());
            assertEquals(7, f.frame());
            StageTimeoutException e = assertInstanceOf(StageTimeoutException.class, f.cause());
            assertTrue(e.getMessage().contains("stage 'slow' (replica 1) exceeded its time limit of PT0.1S on frame 7"), e.getMessage());
            assertTrue(e.getStackTrace().length > 0 && List.of(e.getStackTrace()).toString().contains("CountDownLatch"),
                    "the stack shows where the stage was stuck");
            assertTrue(report.warnings().stream().anyMatch(w -> w.contains("frame 7") && w.contains("stack:")),
                    String.valueOf(report.warnings()));
        });
    }

    @ParameterizedTest
    @MethodSource("dev.stagegraph.runtime.TestRunners#both")
    void timeLimit_underFailFast_stopsTheRun(Runner runner) {
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            PipelineFailedException e = assertThrows(PipelineFailedException.class, () -> runner.run(
                    hangsOnFrame7(ErrorPolicy.failFast()), FrameSource.of(LongStream.range(0, 20).boxed().toList()), TestRunners.results((f, i, o) -> {})));
            assertEquals(7, e.failure().frame());
            assertInstanceOf(StageTimeoutException.class, e.getCause());
            RunReport r = e.report();
            assertEquals(r.framesIn(), r.completed() + r.failed() + r.dropped() + r.aborted(), r.toTable());
        });
    }

    @Test
    void stall_isReported_namingTheStageEverythingWaitsOn() {
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            CountDownLatch stallLogged = new CountDownLatch(1);
            Logger log = Logger.getLogger("dev.stagegraph.runtime");
            Handler handler = new Handler() {
                @Override
                public void publish(LogRecord record) {
                    if (record.getMessage().startsWith("stall")) {
                        stallLogged.countDown();
                    }
                }

                @Override
                public void flush() {}

                @Override
                public void close() {}
            };
            log.addHandler(handler);
            try {
                CountDownLatch release = new CountDownLatch(1);
                PipelineBuilder<Long> b = Pipeline.builder("stall");
                Port<Long> a = b.stage("a", b.source(), () -> (in, frame) -> in);
                Port<Long> stuck = b.stage("stuck", a, () -> StopAndAbortTest.blockingAt(3, new CountDownLatch(1), release));
                var run = ParallelRunner.builder().stallTimeout(Duration.ofMillis(200)).build().start(b.build(stuck),
                        FrameSource.of(LongStream.range(0, 10).boxed().toList()), TestRunners.results((f, i, o) -> {}));
                assertTrue(stallLogged.await(20, TimeUnit.SECONDS), "no stall was reported");
                release.countDown();
                RunReport report = run.await();

                assertEquals(10, report.completed());
                String stall = report.warnings().stream().filter(w -> w.startsWith("stall")).findFirst().orElseThrow();
                assertTrue(stall.contains("stage 'stuck' (replica 0) is behind") && stall.contains("CountDownLatch"), stall);
            } finally {
                log.removeHandler(handler);
            }
        });
    }
}
