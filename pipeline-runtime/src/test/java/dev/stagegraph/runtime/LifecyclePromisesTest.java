package dev.stagegraph.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Promises 2 and 3 (everything opened is closed, in order; nothing leaks) on the paths of issue 10 items 14 to 18. */
class LifecyclePromisesTest {
    private static final Duration HANG_GUARD = Duration.ofSeconds(60);

    static Stream<Runner> both() {
        return TestRunners.both();
    }

    /** Item 14: an open that outlives the stop timeout (slow, deaf to interrupts) is still closed, by its own thread. */
    @Test
    void slowOpenOutlivingTheStopTimeout_isClosedWhenItFinishes() {
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            CountDownLatch slowOpening = new CountDownLatch(1);
            AtomicBoolean holdOpen = new AtomicBoolean(true);
            CountDownLatch closed = new CountDownLatch(1);
            PipelineBuilder<Long> b = Pipeline.builder("slow-open");
            Port<Long> broken = b.stage("broken", b.source(), () -> new Stage<Long, Long>() {
                @Override
                public void open(StageContext context) throws InterruptedException {
                    assertTrue(slowOpening.await(10, TimeUnit.SECONDS));
                    throw new IllegalStateException("no device");
                }

                @Override
                public Long process(Long in, FrameContext ctx) {
                    long frame = ctx.number();
                    return in;
                }
            });
            Port<Long> slow = b.stage("slow", b.source(), () -> new Stage<Long, Long>() {
                @Override
                public void open(StageContext context) {
                    slowOpening.countDown();
                    TestRunners.spinWhile(holdOpen);
                }

                @Override
                public Long process(Long in, FrameContext ctx) {
                    long frame = ctx.number();
                    return in;
                }

                @Override
                public void close() {
                    closed.countDown();
                }
            });
            Pipeline<Long, Long> p = b.build(b.join("j", broken, slow, () -> (x, y, f) -> x));
            Runner runner = ParallelRunner.builder().stopTimeout(Duration.ofMillis(200)).build();
            PipelineFailedException e = assertThrows(PipelineFailedException.class, () -> runner.run(p, TestRunners.frames(5), TestRunners.results((f, i, o) -> {})));
            assertEquals("broken", e.failure().stage());
            assertTrue(e.report().warnings().stream().anyMatch(w -> w.contains("stagegraph-slow-open-slow-0")), String.valueOf(e.report().warnings()));
            holdOpen.set(false);
            assertTrue(closed.await(10, TimeUnit.SECONDS), "the instance that finished opening late was never closed");
        });
    }

    /** Item 15: the source closes after every stage and the sink are done with its frames, in both runners. */
    @ParameterizedTest
    @MethodSource("both")
    void sourceCloses_afterEveryStageThatReadsItsFrames(Runner runner) throws Exception {
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean sourceClosed = new AtomicBoolean();
        List<Long> readAfterClose = Collections.synchronizedList(new ArrayList<>());
        FrameSource<Long> source = new FrameSource<>() {
            private long n;

            @Override
            public Long next(Long reuse) {
                return n < 50 ? n++ : null;
            }

            @Override
            public void close() {
                sourceClosed.set(true);
                events.add("source");
            }
        };
        PipelineBuilder<Long> b = Pipeline.builder("source-last");
        Port<Long> slow = b.stage("slow", b.source(), () -> new Stage<Long, Long>() {
            @Override
            public Long process(Long in, FrameContext ctx) throws InterruptedException {
                long frame = ctx.number();
                TimeUnit.MILLISECONDS.sleep(2);
                if (sourceClosed.get()) {
                    readAfterClose.add(frame);
                }
                return in;
            }

            @Override
            public void close() {
                events.add("slow");
            }
        });
        RunReport r = runner.run(b.build(slow), source, TestRunners.results((f, in, out) -> {
            if (sourceClosed.get()) {
                readAfterClose.add(f);
            }
        }));
        assertEquals(50, r.completed());
        assertEquals(List.of(), readAfterClose, "frames were read after their source closed");
        assertEquals(List.of("slow", "source"), events);
    }

    /** Item 16: the keep-latest mailbox loses no holder when the feeder recycles before the capture side takes its spare. */
    @Test
    void latestFrame_recycleBeforeSpare_losesNoHolder() {
        LatestFrame<Object> box = new LatestFrame<>();
        LatestFrame.Holder<Object> a = box.spare();
        assertTrue(box.offer(a) == null);
        LatestFrame.Holder<Object> b = box.spare();
        assertSame(a, box.take());
        box.recycle(a);
        assertTrue(box.offer(b) == null); // the capture thread is descheduled here, before spare()
        assertSame(b, box.take());
        box.recycle(b);
        Collection<LatestFrame.Holder<Object>> back = List.of(box.spare(), box.spare());
        assertTrue(back.contains(a) && back.contains(b), "a holder was lost and a new one allocated: " + back);
    }

    /** Item 17: two runs of one pipeline on one registry have their own meters; closing one leaves the other's. */
    @ParameterizedTest
    @MethodSource("both")
    void twoRunsOfOnePipeline_onOneRegistry_doNotShareMeters(Runner ignored) throws Exception {
        boolean parallel = ignored instanceof ParallelRunner;
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Runner runner = parallel ? ParallelRunner.builder().meterRegistry(registry).build()
                : SequentialRunner.builder().meterRegistry(registry).build();
        PipelineBuilder<Long> b = Pipeline.builder("twice");
        Pipeline<Long, Long> p = b.build(b.stage("id", b.source(), () -> (in, f) -> in));
        Execution<Long> first = runner.start(p, TestRunners.frames(10), TestRunners.results((f, i, o) -> {}));
        assertEquals(10, TestRunners.awaitAsync(first).get(10, TimeUnit.SECONDS).report().completed());
        Execution<Long> second = runner.start(p, TestRunners.frames(20), TestRunners.results((f, i, o) -> {}));
        assertEquals(20, TestRunners.awaitAsync(second).get(10, TimeUnit.SECONDS).report().completed());

        assertEquals(List.of(10L, 20L), framesIn(registry));
        first.close();
        assertEquals(List.of(20L), framesIn(registry), "closing one run removed the other's meters");
        second.close();
        assertEquals(List.of(), framesIn(registry));
    }

    private static List<Long> framesIn(SimpleMeterRegistry registry) {
        return registry.find("stagegraph.frames").tags("pipeline", "twice", "outcome", "in").functionCounters().stream()
                .map(FunctionCounter::count).map(Double::longValue).sorted().toList();
    }

    /** Item 18: a bad abort timeout is refused before anything stops; a huge one works. */
    @ParameterizedTest
    @MethodSource("both")
    void abortTimeout_isCheckedBeforeTheRunIsHalted(Runner runner) {
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            PipelineBuilder<Long> b = Pipeline.builder("abort-args");
            Pipeline<Long, Long> p = b.build(b.stage("id", b.source(), () -> (in, f) -> in));
            Execution<Long> run = runner.start(p, TestRunners.frames(100), TestRunners.results((f, i, o) -> {}));
            NullPointerException npe = assertThrows(NullPointerException.class, () -> run.abort(null));
            assertTrue(String.valueOf(npe.getMessage()).contains("timeout"), npe.getMessage());
            assertThrows(IllegalArgumentException.class, () -> run.abort(Duration.ofSeconds(-1)));
            RunReport r = TestRunners.awaitAsync(run).get(10, TimeUnit.SECONDS).report();
            assertEquals(100, r.completed(), "a refused abort must not have stopped the run: " + r.toTable());

            Execution<Long> again = runner.start(p, reuse -> 1L, TestRunners.results((f, i, o) -> {}));
            TestRunners.Awaiting awaiting = TestRunners.awaitAsync(again);
            RunReport aborted = again.abort(Duration.ofSeconds(Long.MAX_VALUE));
            assertNotNull(aborted);
            assertTrue(TestRunners.accounted(aborted), aborted.toTable());
            awaiting.get(10, TimeUnit.SECONDS);
        });
    }
}
