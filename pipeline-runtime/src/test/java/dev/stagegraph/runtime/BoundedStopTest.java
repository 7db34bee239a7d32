package dev.stagegraph.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.lmax.disruptor.TimeoutBlockingWaitStrategy;
import dev.stagegraph.Execution;
import dev.stagegraph.FrameContext;
import dev.stagegraph.Pipeline;
import dev.stagegraph.PipelineBuilder;
import dev.stagegraph.PipelineFailedException;
import dev.stagegraph.Port;
import dev.stagegraph.Runner;
import dev.stagegraph.Stage;
import dev.stagegraph.StageContext;
import dev.stagegraph.report.RunReport;
import dev.stagegraph.source.FrameSource;
import dev.stagegraph.source.PushSource;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Promise 4: stop and abort are bounded and hand back a report, on the paths issue 10 found
 * unbounded or throwing (items 6 to 13). Bounds are liveness bounds: the call returns within its
 * timeout plus 5 s, however the stages misbehave.
 */
class BoundedStopTest {
    private static final Duration HANG_GUARD = Duration.ofSeconds(60);
    private static final Duration SLACK = Duration.ofSeconds(5);

    static Stream<Runner> both() {
        return TestRunners.both();
    }

    /** Item 6: a close that hangs (and ignores interrupts) does not hang abort, in either runner. */
    @ParameterizedTest
    @MethodSource("both")
    void abort_isBounded_whenAStageHangsInClose(Runner runner) {
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            AtomicBoolean hang = new AtomicBoolean(true);
            CountDownLatch running = new CountDownLatch(5);
            PipelineBuilder<Long> b = Pipeline.builder("close-hangs");
            Port<Long> s = b.stage("sticky", b.source(), () -> new Stage<Long, Long>() {
                @Override
                public Long process(Long in, FrameContext ctx) {
                    long frame = ctx.number();
                    running.countDown();
                    return in;
                }

                @Override
                public void close() {
                    TestRunners.spinWhile(hang);
                }
            });
            Execution<Long> run = runner.start(b.build(s), reuse -> 1L, TestRunners.results((f, i, o) -> {}));
            TestRunners.Awaiting awaiting = TestRunners.awaitAsync(run);
            try {
                assertTrue(running.await(10, TimeUnit.SECONDS));
                Duration bound = Duration.ofMillis(300);
                RunReport report = TestRunners.within(bound.plus(SLACK), () -> run.abort(bound));
                assertTrue(report.framesIn() > 0 && TestRunners.accounted(report), report.toTable());
            } finally {
                hang.set(false);
            }
            awaiting.get(10, TimeUnit.SECONDS);
        });
    }

    /** Item 6, the drain side: stop() then await() is bounded by the stop timeout when a close hangs. */
    @Test
    void stopAndAwait_isBounded_whenAStageHangsInClose() {
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            AtomicBoolean hang = new AtomicBoolean(true);
            PipelineBuilder<Long> b = Pipeline.builder("close-hangs");
            Port<Long> s = b.stage("sticky", b.source(), () -> new Stage<Long, Long>() {
                @Override
                public Long process(Long in, FrameContext ctx) {
                    long frame = ctx.number();
                    return in;
                }

                @Override
                public void close() {
                    TestRunners.spinWhile(hang);
                }
            });
            Duration stopTimeout = Duration.ofMillis(500);
            Execution<Long> run = ParallelRunner.builder().stopTimeout(stopTimeout).build().start(b.build(s), TestRunners.frames(10),
                    TestRunners.results((f, i, o) -> {}));
            try {
                RunReport report = TestRunners.within(stopTimeout.plus(SLACK), () -> {
                    run.stop();
                    return run.await();
                });
                assertEquals(report.framesIn(), report.completed(), report.toTable());
                assertTrue(report.warnings().stream().anyMatch(w -> w.contains("stage 'sticky'") && w.contains("closing")),
                        String.valueOf(report.warnings()));
            } finally {
                hang.set(false);
            }
        });
    }

    /** Item 7: abort(100 ms) while another thread is in await() is bounded by abort's timeout, not the stop timeout. */
    @Test
    void abortWhileAnotherThreadAwaits_usesTheAbortBound() {
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            AtomicBoolean spin = new AtomicBoolean(true);
            CountDownLatch entered = new CountDownLatch(1);
            PipelineBuilder<Long> b = Pipeline.builder("hook");
            Port<Long> deaf = b.stage("deaf", b.source(), () -> (in, frame) -> {
                entered.countDown();
                TestRunners.spinWhile(spin);
                return in;
            });
            Execution<Long> run = ParallelRunner.builder().stopTimeout(Duration.ofSeconds(30)).build().start(b.build(deaf),
                    TestRunners.frames(5), TestRunners.results((f, i, o) -> {}));
            TestRunners.Awaiting awaiting = TestRunners.awaitAsync(run);
            try {
                assertTrue(entered.await(10, TimeUnit.SECONDS));
                TestRunners.waitUntilBlocked(awaiting.thread());
                Duration bound = Duration.ofMillis(100);
                RunReport report = TestRunners.within(bound.plus(SLACK), () -> run.abort(bound));
                assertTrue(TestRunners.accounted(report), report.toTable());
                TestRunners.within(SLACK, () -> awaiting.get(SLACK.toSeconds() + 1, TimeUnit.SECONDS));
            } finally {
                spin.set(false);
            }
        });
    }

    /** Item 8: abort never throws the run's failure; it returns the report. */
    @Test
    void abort_afterAFailure_returnsTheReport() {
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            PipelineBuilder<Long> b = Pipeline.builder("failed");
            Port<Long> s = b.stage("bad", b.source(), () -> (in, frame) -> {
                throw new IllegalStateException("bad");
            });
            Execution<Long> run = ParallelRunner.create().start(b.build(s), TestRunners.frames(10), TestRunners.results((f, i, o) -> {}));
            assertTrue(run.awaitEnd(Duration.ofSeconds(10)));
            RunReport report = run.abort(Duration.ofSeconds(1));
            assertEquals(1, report.failed());
            assertThrows(PipelineFailedException.class, run::await, "await still reports the failure");
            run.close();
        });
    }

    /** Item 8: the runtime's interrupt reaching a stage's open is not a failure of that stage. */
    @ParameterizedTest
    @MethodSource("both")
    void abortDuringOpen_isNotAFailure(Runner runner) {
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            CountDownLatch opening = new CountDownLatch(1);
            PipelineBuilder<Long> b = Pipeline.builder("opening");
            Port<Long> s = b.stage("slow-open", b.source(), () -> new Stage<Long, Long>() {
                @Override
                public void open(StageContext context) throws InterruptedException {
                    opening.countDown();
                    new CountDownLatch(1).await();
                }

                @Override
                public Long process(Long in, FrameContext ctx) {
                    long frame = ctx.number();
                    return in;
                }
            });
            Execution<Long> run = runner.start(b.build(s), TestRunners.frames(10), TestRunners.results((f, i, o) -> {}));
            TestRunners.Awaiting awaiting = TestRunners.awaitAsync(run);
            assertTrue(opening.await(10, TimeUnit.SECONDS));
            Duration bound = Duration.ofMillis(200);
            RunReport report = TestRunners.within(bound.plus(SLACK), () -> run.abort(bound));
            assertEquals(0, report.failed(), report.toTable());
            TestRunners.Ending o = awaiting.get(10, TimeUnit.SECONDS);
            assertNull(o.failure(), () -> "an abort is not a failure: " + o.failure());
        });
    }

    /** Item 8: a source blocked in an interruptible channel read (ClosedByInterruptException) is not a failed source. */
    @ParameterizedTest
    @MethodSource("both")
    void abortOfASourceBlockedInAChannelRead_isNotAFailure(Runner runner) {
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            Pipe pipe = Pipe.open();
            CountDownLatch reading = new CountDownLatch(1);
            FrameSource<Long> source = reuse -> {
                reading.countDown();
                ByteBuffer buf = ByteBuffer.allocate(8);
                pipe.source().read(buf);
                return 1L;
            };
            try {
                PipelineBuilder<Long> b = Pipeline.builder("channel");
                Execution<Long> run = runner.start(b.build(b.stage("id", b.source(), () -> (in, f) -> in)), source, TestRunners.results((f, i, o) -> {}));
                TestRunners.Awaiting awaiting = TestRunners.awaitAsync(run);
                assertTrue(reading.await(10, TimeUnit.SECONDS));
                TestRunners.within(Duration.ofMillis(200).plus(SLACK), () -> run.abort(Duration.ofMillis(200)));
                TestRunners.Ending o = awaiting.get(10, TimeUnit.SECONDS);
                assertNull(o.failure(), () -> "an abort is not a source failure: " + o.failure());
            } finally {
                pipe.sink().close();
                pipe.source().close();
            }
        });
    }

    /** Item 8: the runtime's interrupt reaching a blocked sink is not a failure of the sink. */
    @ParameterizedTest
    @MethodSource("both")
    void abortOfABlockedSink_isNotAFailure(Runner runner) {
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            CountDownLatch inSink = new CountDownLatch(1);
            PipelineBuilder<Long> b = Pipeline.builder("sink");
            Execution<Long> run = runner.start(b.build(b.stage("id", b.source(), () -> (in, f) -> in)), TestRunners.frames(10),
                    TestRunners.results((f, i, o) -> {
                        inSink.countDown();
                        new CountDownLatch(1).await();
                    }));
            TestRunners.Awaiting awaiting = TestRunners.awaitAsync(run);
            assertTrue(inSink.await(10, TimeUnit.SECONDS));
            RunReport report = TestRunners.within(Duration.ofMillis(200).plus(SLACK), () -> run.abort(Duration.ofMillis(200)));
            assertEquals(0, report.failed(), report.toTable());
            assertTrue(report.aborted() >= 1 && TestRunners.accounted(report), report.toTable());
            assertNull(awaiting.get(10, TimeUnit.SECONDS).failure());
        });
    }

    /** Item 9: interrupting Runner.run() aborts the run, even with the source blocked in next(). */
    @ParameterizedTest
    @MethodSource("both")
    void interruptedRun_abortsAndThrows(Runner runner) {
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            PushSource<Long> source = new PushSource<>();
            PipelineBuilder<Long> b = Pipeline.builder("interrupted");
            Pipeline<Long, Long> p = b.build(b.stage("id", b.source(), () -> (in, f) -> in));
            AtomicReference<Thread> caller = new AtomicReference<>();
            CompletableFuture<Throwable> ran = CompletableFuture.supplyAsync(() -> {
                caller.set(Thread.currentThread());
                try {
                    runner.run(p, source, TestRunners.results((f, i, o) -> {}));
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            TestRunners.waitUntilBlocked(TestRunners.set(caller));
            caller.get().interrupt();
            Throwable thrown = TestRunners.within(SLACK.plus(Duration.ofSeconds(5)), () -> ran.get());
            assertInstanceOf(InterruptedException.class, thrown);
            assertTrue(TestRunners.liveRuntimeThreads().stream().noneMatch(n -> n.contains("interrupted")),
                    String.valueOf(TestRunners.liveRuntimeThreads()));
        });
    }

    /** Item 10: a sequential abort with a stage that ignores interrupts returns a report naming the thread, bounded once. */
    @Test
    void sequentialAbort_ofADeafStage_returnsAReport_withinOneTimeoutAndAGrace() {
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            AtomicBoolean spin = new AtomicBoolean(true);
            CountDownLatch entered = new CountDownLatch(1);
            PipelineBuilder<Long> b = Pipeline.builder("deaf");
            Port<Long> deaf = b.stage("deaf", b.source(), () -> (in, ctx) -> {
                long frame = ctx.number();
                if (frame == 2) {
                    entered.countDown();
                    TestRunners.spinWhile(spin);
                }
                return in;
            });
            Execution<Long> run = SequentialRunner.create().start(b.build(deaf), TestRunners.frames(10), TestRunners.results((f, i, o) -> {}));
            TestRunners.Awaiting awaiting = TestRunners.awaitAsync(run);
            try {
                assertTrue(entered.await(10, TimeUnit.SECONDS));
                Duration timeout = Duration.ofSeconds(2);
                long start = System.nanoTime();
                RunReport report = run.abort(timeout);
                long took = System.nanoTime() - start;
                assertTrue(took < 2 * timeout.toNanos(), "abort waited twice its timeout: " + took / 1_000_000 + " ms");
                assertEquals(1, report.aborted(), report.toTable());
                assertEquals(2, report.completed(), report.toTable());
                assertTrue(report.warnings().stream().anyMatch(w -> w.contains("ignored interrupts")), String.valueOf(report.warnings()));
            } finally {
                spin.set(false);
            }
            awaiting.get(10, TimeUnit.SECONDS);
        });
    }

    /** Item 10: the sequential abort's interrupt does not stay on the thread that ran await(). */
    @Test
    void sequentialAbort_leavesNoInterruptOnTheRunningThread() {
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            CountDownLatch entered = new CountDownLatch(1);
            PipelineBuilder<Long> b = Pipeline.builder("flag");
            Port<Long> s = b.stage("checks-late", b.source(), () -> (in, frame) -> {
                entered.countDown();
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.onSpinWait();
                }
                return in; // returns normally, leaving the flag set
            });
            Execution<Long> run = SequentialRunner.create().start(b.build(s), TestRunners.frames(10), TestRunners.results((f, i, o) -> {}));
            CompletableFuture<Boolean> flagAfterAwait = CompletableFuture.supplyAsync(() -> {
                try {
                    run.await();
                } catch (Exception e) {
                    return null;
                }
                return Thread.currentThread().isInterrupted();
            });
            assertTrue(entered.await(10, TimeUnit.SECONDS));
            run.abort(Duration.ofMillis(100));
            assertFalse(flagAfterAwait.get(10, TimeUnit.SECONDS), "the run's own interrupt leaked to the await caller");
        });
    }

    /** Item 11: after a fail-fast failure, a source blocked in next() does not hold await() for the stop timeout. */
    @Test
    void failFast_withASourceBlockedInNext_endsWithinTheSlack() {
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            PushSource<Long> source = new PushSource<>();
            PipelineBuilder<Long> b = Pipeline.builder("blocked-source");
            Port<Long> s = b.stage("bad", b.source(), () -> (in, frame) -> {
                throw new IllegalStateException("bad");
            });
            Execution<Long> run = ParallelRunner.builder().stopTimeout(Duration.ofSeconds(30)).build().start(b.build(s), source,
                    TestRunners.results((f, i, o) -> {}));
            source.push(1L);
            PipelineFailedException e = TestRunners.within(SLACK,
                    () -> assertThrows(PipelineFailedException.class, run::await));
            assertEquals("bad", e.failure().stage());
            run.close();
        });
    }

    /** Item 12: a wait strategy that times out is rejected when the runner is built. */
    @Test
    void timingOutWaitStrategy_isRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ParallelRunner.builder().waitStrategy(() -> new TimeoutBlockingWaitStrategy(1, TimeUnit.MILLISECONDS)).build());
        assertTrue(e.getMessage().contains("TimeoutBlockingWaitStrategy") && e.getMessage().contains("times out"), e.getMessage());
    }

    /** Item 12: anything unexpected thrown on a runtime thread fails the run instead of hanging it. */
    @Test
    void unexpectedThrowableOnARuntimeThread_failsTheRun() {
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            PipelineBuilder<Long> b = Pipeline.builder("broken-wait");
            Pipeline<Long, Long> p = b.build(b.stage("id", b.source(), () -> (in, f) -> in));
            Runner runner = ParallelRunner.builder().waitStrategy(TestRunners::brokenWaitStrategy).build();
            PipelineFailedException e = TestRunners.within(SLACK.plus(Duration.ofSeconds(5)),
                    () -> assertThrows(PipelineFailedException.class, () -> runner.run(p, TestRunners.frames(100), TestRunners.results((f, i, o) -> {}))));
            assertTrue(String.valueOf(e.getCause()).contains("runtime thread"), String.valueOf(e.getCause()));
        });
    }

    /** Item 13: abort() and close() from a sink or stage thread are rejected with a clear error; the run goes on. */
    @ParameterizedTest
    @MethodSource("both")
    void abortOrCloseFromTheRunsOwnThread_isRejected(Runner runner) {
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            AtomicReference<Execution<Long>> self = new AtomicReference<>();
            AtomicReference<Throwable> fromSink = new AtomicReference<>();
            AtomicReference<Throwable> fromStage = new AtomicReference<>();
            CountDownLatch started = new CountDownLatch(1);
            PipelineBuilder<Long> b = Pipeline.builder("self");
            Port<Long> s = b.stage("calls-close", b.source(), () -> (in, ctx) -> {
                long frame = ctx.number();
                if (frame == 3) {
                    started.await();
                    fromStage.set(TestRunners.thrownBy(() -> {
                        self.get().close();
                        return null;
                    }));
                }
                return in;
            });
            Execution<Long> run = runner.start(b.build(s), TestRunners.frames(10), TestRunners.results((f, i, o) -> {
                if (f == 5) {
                    fromSink.set(TestRunners.thrownBy(() -> self.get().abort(Duration.ofSeconds(1))));
                }
            }));
            self.set(run);
            started.countDown();
            RunReport report = run.await();
            assertEquals(10, report.completed(), report.toTable());
            for (Throwable t : List.of(fromSink.get(), fromStage.get())) {
                assertNotNull(t);
                assertInstanceOf(IllegalStateException.class, t);
                assertTrue(t.getMessage().contains("own thread") || t.getMessage().contains("the thread running"), t.getMessage());
            }
        });
    }

    /** Item 13 and stop(): a stage may ask the run to drain; that works from any thread. */
    @ParameterizedTest
    @MethodSource("both")
    void stopFromAStage_drains(Runner runner) throws Exception {
        AtomicReference<Execution<Long>> self = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        PipelineBuilder<Long> b = Pipeline.builder("self-stop");
        Port<Long> s = b.stage("stopper", b.source(), () -> (in, ctx) -> {
            long frame = ctx.number();
            if (frame == 3) {
                started.await();
                self.get().stop();
            }
            return in;
        });
        Execution<Long> run = runner.start(b.build(s), reuse -> 1L, TestRunners.results((f, i, o) -> {}));
        self.set(run);
        started.countDown();
        RunReport report = run.await();
        assertEquals(report.framesIn(), report.completed());
        run.close();
    }
}
