package dev.stagegraph.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagegraph.ErrorPolicy;
import dev.stagegraph.FrameContext;
import dev.stagegraph.Pipeline;
import dev.stagegraph.PipelineBuilder;
import dev.stagegraph.Port;
import dev.stagegraph.Runner;
import dev.stagegraph.Stage;
import dev.stagegraph.StageContext;
import dev.stagegraph.StageOptions;
import dev.stagegraph.report.StageTimeoutException;
import dev.stagegraph.source.PushSource;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Promise 1 (every frame is accounted for, under the right outcome) and promise 5 (both runners
 * count alike) on the paths issue 10 found broken: items 1 to 5.
 */
class AccountingPromisesTest {
    private static final Duration HANG_GUARD = Duration.ofSeconds(30);

    /** Item 1: a fail-fast time-out fails its frame; it is not an aborted frame. */
    @ParameterizedTest
    @MethodSource("dev.stagegraph.runtime.TestRunners#both")
    void failFastTimeout_countsTheFrameFailed(Runner runner) {
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            PipelineBuilder<Long> b = Pipeline.builder("timeout");
            Port<Long> slow = b.stage("slow", b.source(), () -> (in, ctx) -> {
                long frame = ctx.number();
                if (frame == 7) {
                    new CountDownLatch(1).await();
                }
                return in;
            }, StageOptions.defaults().timeLimit(Duration.ofMillis(100)));
            TestRunners.Ending o = TestRunners.outcome(runner, b.build(slow), TestRunners.frames(20), TestRunners.results((f, i, r) -> {}));
            assertNotNull(o.failure());
            assertInstanceOf(StageTimeoutException.class, o.failure().getCause());
            assertEquals(1, o.report().failed(), o.report().toTable());
            assertEquals(7, o.report().completed(), o.report().toTable());
            assertTrue(o.accounted(), o.report().toTable());
        });
    }

    /** Item 2: a join whose first input has no result and whose second failed delivers the failure. */
    @ParameterizedTest
    @MethodSource("dev.stagegraph.runtime.TestRunners#both")
    void joinOfNoResultAndFailure_deliversTheFailure(Runner runner) throws Exception {
        PipelineBuilder<Long> b = Pipeline.builder("join");
        Port<Long> none = b.stage("none", b.source(), () -> (in, ctx) -> { long frame = ctx.number(); return frame == 3 ? null : in; });
        Port<Long> bad = b.stage("bad", b.source(), () -> (in, ctx) -> {
            long frame = ctx.number();
            if (frame == 3) {
                throw new IllegalStateException("bad frame 3");
            }
            return in;
        }, StageOptions.defaults().errorPolicy(ErrorPolicy.skipFrame()));
        Pipeline<Long, Long> p = b.build(b.join("join", none, bad, () -> (x, y, frame) -> x + y));
        TestRunners.RecordingSink<Long, Long> sink = new TestRunners.RecordingSink<>();
        TestRunners.Ending o = TestRunners.outcome(runner, p, TestRunners.frames(6), sink);
        assertEquals(List.of(3L), sink.failedFrames);
        assertEquals(1, o.report().failed());
        assertEquals(5, o.report().completed());
        assertEquals("bad", o.report().failures().get(0).stage());
    }

    /** Item 3: a push interrupted before the run took its frame withdraws the frame. */
    @ParameterizedTest
    @MethodSource("dev.stagegraph.runtime.TestRunners#both")
    void interruptedPush_withdrawsItsFrame(Runner runner) {
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            PushSource<Long> source = new PushSource<>();
            AtomicReference<Thread> pusher = new AtomicReference<>();
            CompletableFuture<Void> push = CompletableFuture.runAsync(() -> {
                pusher.set(Thread.currentThread());
                try {
                    source.push(42L);
                } catch (InterruptedException e) {
                    throw new IllegalStateException("interrupted", e);
                }
            });
            while (pusher.get() == null || pusher.get().getState() != Thread.State.WAITING) {
                Thread.onSpinWait();
            }
            pusher.get().interrupt();
            ExecutionException e = assertThrows(ExecutionException.class, () -> push.get(10, TimeUnit.SECONDS));
            assertInstanceOf(InterruptedException.class, e.getCause().getCause());
            source.end();
            TestRunners.RecordingSink<Long, Long> sink = new TestRunners.RecordingSink<>();
            PipelineBuilder<Long> b = Pipeline.builder("push");
            TestRunners.Ending o = TestRunners.outcome(runner, b.build(b.stage("id", b.source(), () -> (in, f) -> in)), source, sink);
            assertEquals(0, o.report().framesIn(), "the withdrawn frame stays the producer's: " + sink.results);
        });
    }

    /** Item 4: a fail-fast stage that throws a StageTimeoutException of its own stops the run. */
    @ParameterizedTest
    @MethodSource("dev.stagegraph.runtime.TestRunners#both")
    void ownStageTimeoutException_underFailFast_failsTheRun(Runner runner) throws Exception {
        PipelineBuilder<Long> b = Pipeline.builder("own");
        Port<Long> s = b.stage("remote", b.source(), () -> (in, ctx) -> {
            long frame = ctx.number();
            if (frame == 2) {
                throw new StageTimeoutException("the remote service timed out", new StackTraceElement[0]);
            }
            return in;
        }, StageOptions.defaults().timeLimit(Duration.ofSeconds(30)));
        TestRunners.Ending o = TestRunners.outcome(runner, b.build(s), TestRunners.frames(50), TestRunners.results((f, i, r) -> {}));
        assertNotNull(o.failure(), "a fail-fast stage threw: the run must fail; " + o.report().toTable());
        assertEquals("the remote service timed out", o.failure().getCause().getMessage());
        assertEquals(1, o.report().failed());
        assertTrue(o.accounted(), o.report().toTable());
    }

    /** Item 5: when a restart's replacement fails to open, no frame reaches the unopened instance. */
    @ParameterizedTest
    @MethodSource("dev.stagegraph.runtime.TestRunners#both")
    void restartWhoseReopenFails_neverProcessesTheUnopenedInstance(Runner runner) throws Exception {
        for (int round = 0; round < 20; round++) {
            AtomicInteger made = new AtomicInteger();
            AtomicInteger unopenedCalls = new AtomicInteger();
            PipelineBuilder<Long> b = Pipeline.builder("reopen");
            Port<Long> r = b.stage("r", b.source(), () -> new Stage<Long, Long>() {
                private final int n = made.getAndIncrement();
                private boolean open;

                @Override
                public void open(StageContext context) {
                    if (n > 0) {
                        throw new IllegalStateException("the device is gone");
                    }
                    open = true;
                }

                @Override
                public Long process(Long in, FrameContext ctx) {
                    long frame = ctx.number();
                    if (!open) {
                        unopenedCalls.incrementAndGet();
                    }
                    if (frame == 2) {
                        throw new IllegalStateException("glitch");
                    }
                    return in;
                }
            }, StageOptions.defaults().errorPolicy(ErrorPolicy.restart(3, Duration.ofMinutes(1))));
            Port<Long> other = b.stage("other", b.source(), () -> (in, ctx) -> {
                long frame = ctx.number();
                if (frame == 2) {
                    throw new IllegalStateException("other fails the same frame");
                }
                return in;
            });
            Pipeline<Long, Long> p = b.build(b.join("j", r, other, () -> (x, y, f) -> x));
            TestRunners.Ending o = TestRunners.outcome(runner, p, TestRunners.frames(200), TestRunners.results((f, i, out) -> {}));
            assertNotNull(o.failure());
            assertEquals(0, unopenedCalls.get(), "process was called on an instance whose open threw");
            assertTrue(o.accounted(), o.report().toTable());
            assertFalse(o.report().completed() > 2, o.report().toTable());
        }
    }
}
