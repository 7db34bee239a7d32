package dev.stagegraph.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagegraph.Execution;
import dev.stagegraph.FrameContext;
import dev.stagegraph.Pipeline;
import dev.stagegraph.PipelineBuilder;
import dev.stagegraph.PipelineFailedException;
import dev.stagegraph.Port;
import dev.stagegraph.Stage;
import dev.stagegraph.report.RunReport;
import dev.stagegraph.source.FrameSource;
import dev.stagegraph.source.PushSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * Promise 4: stopping returns within a bound even when a stage hangs, hands back the frames it did
 * not finish, releases blocked producers, and leaves no thread behind. Also: a failing close does
 * not keep the others from closing.
 */
class StopAndAbortTest {
    private static final Duration BOUND = Duration.ofSeconds(1);
    private static final Duration HANG_GUARD = Duration.ofSeconds(30);

    /** Blocks on frame {@code at} until the latch opens (maybe never); counts down {@code entered} first. */
    static Stage<Long, Long> blockingAt(long at, CountDownLatch entered, CountDownLatch release) {
        return (in, ctx) -> {
            long frame = ctx.number();
            if (frame == at) {
                entered.countDown();
                release.await();
            }
            return in;
        };
    }

    private static Pipeline<Long, Long> diamondBlockingAt(long at, CountDownLatch entered, CountDownLatch release) {
        PipelineBuilder<Long> b = Pipeline.builder("abort");
        Port<Long> a = b.stage("a", b.source(), () -> (in, frame) -> in);
        Port<Long> stuck = b.stage("stuck", a, () -> blockingAt(at, entered, release));
        Port<Long> other = b.stage("other", a, () -> (in, frame) -> in);
        return b.build(b.join("join", stuck, other, () -> (x, y, frame) -> x));
    }

    @RepeatedTest(3)
    void abort_returnsWithinItsBound_whenAStageIsBlockedForever_andHandsBackTheRest() {
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            CountDownLatch entered = new CountDownLatch(1);
            CountDownLatch never = new CountDownLatch(1);
            List<Long> delivered = new ArrayList<>();
            Execution<Long> run = ParallelRunner.builder().ringSize(16).build().start(diamondBlockingAt(40, entered, never),
                    FrameSource.of(LongStream.range(0, 1000).boxed().toList()), TestRunners.results((frame, in, out) -> delivered.add(frame)));
            assertTrue(entered.await(10, TimeUnit.SECONDS));

            RunReport report = run.abort(BOUND);
            run.close();

            int done = delivered.size();
            assertTrue(done <= 40, "nothing after the stuck frame was delivered: " + delivered);
            assertEquals(LongStream.range(0, done).boxed().toList(), delivered, "delivered in order");
            List<Long> left = run.unfinished();
            assertEquals(LongStream.range(done, done + left.size()).boxed().toList(), left,
                    "every frame taken and not delivered is handed back, in order");
            assertTrue(left.contains(40L), "the blocked frame is handed back");
            assertEquals(report.aborted(), left.size());
            assertEquals(report.framesIn(), report.completed() + report.failed() + report.dropped() + report.aborted());
            assertTrue(TestRunners.liveRuntimeThreads().isEmpty(), "threads left: " + TestRunners.liveRuntimeThreads());
        });
    }

    @Test
    void abort_namesAThreadThatIgnoresInterrupts_inTheReport() {
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            AtomicBoolean spin = new AtomicBoolean(true);
            CountDownLatch entered = new CountDownLatch(1);
            PipelineBuilder<Long> b = Pipeline.builder("deaf");
            Port<Long> deaf = b.stage("deaf", b.source(), () -> (in, frame) -> {
                entered.countDown();
                while (spin.get()) {
                    Thread.onSpinWait();
                }
                return in;
            });
            Execution<Long> run = ParallelRunner.create().start(b.build(deaf), FrameSource.of(List.of(1L, 2L, 3L)), TestRunners.results((f, i, o) -> {}));
            assertTrue(entered.await(10, TimeUnit.SECONDS));
            try {
                RunReport report = run.abort(Duration.ofMillis(200));
                assertTrue(report.warnings().stream().anyMatch(w -> w.contains("stage 'deaf'") && w.contains("ignored interrupts")),
                        String.valueOf(report.warnings()));
                assertEquals(3, report.aborted());
            } finally {
                spin.set(false);
            }
        });
    }

    @Test
    void producerBlockedOnAFullRing_isReleasedByAbort_withAClearError() {
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            CountDownLatch entered = new CountDownLatch(1);
            CountDownLatch never = new CountDownLatch(1);
            PushSource<Long> source = new PushSource<>();
            Execution<Long> run = ParallelRunner.builder().ringSize(4).build().start(diamondBlockingAt(0, entered, never), source,
                    TestRunners.results((f, i, o) -> {}));
            CompletableFuture<Long> producer = CompletableFuture.supplyAsync(() -> {
                long accepted = 0;
                try {
                    while (true) {
                        source.push(accepted);
                        accepted++;
                    }
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertTrue(entered.await(10, TimeUnit.SECONDS));

            RunReport report = run.abort(BOUND);

            ExecutionException e = assertThrows(ExecutionException.class, () -> producer.get(10, TimeUnit.SECONDS));
            assertInstanceOf(IllegalStateException.class, e.getCause());
            assertTrue(e.getCause().getMessage().contains("not accepted"), e.getCause().getMessage());
            assertEquals(report.framesIn(), report.aborted(), "every frame the producer got accepted is accounted for");
            run.close();
        });
    }

    @Test
    void producerBlockedOnAFullRing_isReleasedByStop_onceTheRunDrains() {
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            CountDownLatch entered = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            PushSource<Long> source = new PushSource<>();
            List<Long> delivered = new ArrayList<>();
            Execution<Long> run = ParallelRunner.builder().ringSize(4).build().start(diamondBlockingAt(0, entered, release), source,
                    TestRunners.results((f, i, o) -> delivered.add(f)));
            CompletableFuture<Long> producer = CompletableFuture.supplyAsync(() -> {
                long accepted = 0;
                try {
                    while (true) {
                        source.push(accepted);
                        accepted++;
                    }
                } catch (IllegalStateException e) {
                    return accepted;
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertTrue(entered.await(10, TimeUnit.SECONDS));

            run.stop();
            release.countDown();
            RunReport report = run.await();

            long accepted = producer.get(10, TimeUnit.SECONDS);
            assertEquals(accepted, report.framesIn());
            assertEquals(accepted, report.completed(), "a drain finishes every accepted frame");
            assertEquals(LongStream.range(0, accepted).boxed().toList(), delivered);
        });
    }

    @Test
    void stop_drainsEverythingAlreadyTaken() throws Exception {
        CountDownLatch started = new CountDownLatch(10);
        List<Long> delivered = new ArrayList<>();
        FrameSource<Long> endless = new FrameSource<>() {
            private long n;

            @Override
            public Long next(Long reuse) {
                started.countDown();
                return n++;
            }
        };
        Execution<Long> run = ParallelRunner.create().start(diamondBlockingAt(-1, new CountDownLatch(1), new CountDownLatch(0)),
                endless, TestRunners.results((f, i, o) -> delivered.add(f)));
        assertTrue(started.await(10, TimeUnit.SECONDS));
        run.stop();
        RunReport report = run.await();
        assertEquals(report.framesIn(), report.completed());
        assertEquals(0, report.aborted());
        assertEquals(LongStream.range(0, report.completed()).boxed().toList(), delivered);
    }

    @Test
    void failingClose_doesNotKeepOthersFromClosing_andIsReported() {
        List<String> closed = new ArrayList<>();
        PipelineBuilder<Long> b = Pipeline.builder("close");
        Port<Long> a = b.stage("a", b.source(), () -> closing("a", closed, null));
        Port<Long> c = b.stage("c", a, () -> closing("c", closed, "c leaks a handle"));
        Port<Long> d = b.stage("d", c, () -> closing("d", closed, "d leaks too"));
        Pipeline<Long, Long> pipeline = b.build(d);
        for (var runner : List.of(SequentialRunner.create(), ParallelRunner.create())) {
            closed.clear();
            PipelineFailedException e = assertThrows(PipelineFailedException.class,
                    () -> runner.run(pipeline, FrameSource.of(List.of(1L, 2L)), TestRunners.results((f, i, o) -> {})));
            assertEquals(List.of("d", "c", "a"), closed, "every stage closed, in reverse order");
            assertTrue(e.getMessage().contains("stage 'd'") && e.getMessage().contains("failed to close"), e.getMessage());
            assertEquals("d leaks too", e.getCause().getCause().getMessage());
            assertEquals(1, e.getSuppressed().length);
            assertEquals(2, e.report().completed(), "the frames themselves completed");
        }
    }

    private static Stage<Long, Long> closing(String name, List<String> closed, String failure) {
        return new Stage<>() {
            @Override
            public Long process(Long input, FrameContext ctx) {
                long frame = ctx.number();
                return input;
            }

            @Override
            public void close() {
                synchronized (closed) {
                    closed.add(name);
                }
                if (failure != null) {
                    throw new IllegalStateException(failure);
                }
            }
        };
    }
}
