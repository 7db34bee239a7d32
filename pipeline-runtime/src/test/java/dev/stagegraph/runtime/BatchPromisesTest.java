package dev.stagegraph.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagegraph.Batch;
import dev.stagegraph.BatchStage;
import dev.stagegraph.ErrorPolicy;
import dev.stagegraph.Execution;
import dev.stagegraph.Outcome;
import dev.stagegraph.Pipeline;
import dev.stagegraph.PipelineBuilder;
import dev.stagegraph.Port;
import dev.stagegraph.Runner;
import dev.stagegraph.StageContext;
import dev.stagegraph.StageOptions;
import dev.stagegraph.report.RunReport;
import dev.stagegraph.report.StageTimeoutException;
import dev.stagegraph.source.FrameSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a batch stage promises beyond the differential test: a call takes every ready frame up to
 * {@code maxBatch}; a failure set with {@code fail(i)} lands on frame {@code i} only, a throw on
 * every frame of its batch and no other; a time limit bounds a call; restart happens once per
 * call; a lone frame waits at most {@code maxDelay}; the end of a stream and an abort never wait.
 *
 * <p>Batches are made deterministic with a gate: the stage's first call blocks until the source
 * has published frames 0 to 8, so its second call finds frames 1 to 8 ready and takes
 * {@code maxBatch} = 4 of them, {1, 2, 3, 4}.
 */
class BatchPromisesTest {
    private static final int FRAMES = 40;

    /**
     * A file-like source of 0 .. n-1 that holds frame 1 back until the stage's first call has
     * started (so that call holds frame 0 alone), and opens {@code ahead} once frames 0 to 8 are
     * published.
     */
    static final class Gated implements FrameSource<Long> {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch ahead = new CountDownLatch(1);
        private final long length;
        private long n;

        Gated(long length) {
            this.length = length;
        }

        @Override
        public Long next(Long reuse) throws InterruptedException {
            if (n == 1) {
                assertTrue(started.await(30, TimeUnit.SECONDS), "the stage's first call started");
            }
            if (n == 10) {
                ahead.countDown();
            }
            return n < length ? n++ : null;
        }
    }

    /** Waits for the gate (if any: the sequential runner reads its source on the stage's thread) in its first call. */
    abstract static class GatedStage implements BatchStage<Long, Long> {
        private final Gated source;
        private final boolean parallel;
        private boolean first = true;

        GatedStage(Gated source, Runner runner) {
            this.source = source;
            this.parallel = runner instanceof ParallelRunner;
        }

        @Override
        public void process(Batch<Long, Long> batch) throws Exception {
            if (first) {
                source.started.countDown();
                if (parallel) {
                    assertTrue(source.ahead.await(30, TimeUnit.SECONDS), "the source published frames 0 to 8");
                }
            }
            first = false;
            call(batch);
        }

        abstract void call(Batch<Long, Long> batch) throws Exception;
    }

    /** Per frame number: "RESULT value" or "FAILED stage@frame cause". */
    static final class Recorder implements dev.stagegraph.FrameSink<Long, Long> {
        final Map<Long, String> byFrame = new ConcurrentHashMap<>();

        @Override
        public void accept(Outcome<? extends Long, ? extends Long> o) {
            String line = switch (o.kind()) {
                case RESULT -> "RESULT " + o.result();
                case FAILED -> "FAILED " + o.failure().stage() + "@" + o.failure().frame() + " "
                        + o.failure().cause().getClass().getSimpleName() + ": " + o.failure().cause().getMessage();
                default -> o.kind().toString();
            };
            byFrame.put(o.frame().number(), line);
        }

        Map<Long, String> sorted() {
            return new TreeMap<>(byFrame);
        }
    }

    static List<Runner> runners() {
        return List.of(SequentialRunner.create(), ParallelRunner.builder().ringSize(32).build());
    }

    private static Pipeline<Long, Long> pipeline(java.util.function.Supplier<BatchStage<Long, Long>> stage, StageOptions options) {
        PipelineBuilder<Long> b = Pipeline.builder("batched");
        Port<Long> out = b.batch("b", b.source(), stage, options.maxBatch(4).maxDelay(Duration.ZERO));
        return b.build(out);
    }

    /** What a {@link GatedStage} does in each call, after the gate. */
    @FunctionalInterface
    interface Call {
        void call(Batch<Long, Long> batch) throws Exception;
    }

    /** Runs {@value #FRAMES} gated frames through one batch stage "b" that does {@code call}, under {@code options}, into {@code sink}. */
    private static RunReport runGated(Runner runner, Recorder sink, StageOptions options, Call call) throws Exception {
        Gated source = new Gated(FRAMES);
        return runner.run(pipeline(() -> new GatedStage(source, runner) {
            @Override
            void call(Batch<Long, Long> batch) throws Exception {
                call.call(batch);
            }
        }, options), source, sink);
    }

    /**
     * Each frame that {@code failed} picks failed at "b" with {@code cause.apply(frame)} (the cause's
     * simple class name and message), every other one has its number as its result, and the report
     * counts as many failures and every frame.
     */
    private static void assertOnlyTheseFailed(Runner runner, RunReport r, Recorder sink, java.util.function.LongPredicate failed,
            java.util.function.LongFunction<String> cause) {
        long failures = 0;
        for (long f = 0; f < FRAMES; f++) {
            String expected = failed.test(f) ? "FAILED b@" + f + " " + cause.apply(f) : "RESULT " + f;
            assertEquals(expected, sink.byFrame.get(f), runner.mode() + " frame " + f);
            failures += failed.test(f) ? 1 : 0;
        }
        assertEquals(failures, r.failed());
        assertEquals(FRAMES, r.completed() + r.failed());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runners")
    void aCallTakesTheReadyFramesUpToMaxBatch_andEachFrameGetsItsOwnResult(Runner runner) throws Exception {
        Recorder sink = new Recorder();
        RunReport r = runGated(runner, sink, StageOptions.defaults(), batch -> {
            for (int i = 0; i < batch.size(); i++) {
                batch.result(i, batch.input(i) * 1000 + batch.context(i).number());
            }
        });
        for (long f = 0; f < FRAMES; f++) {
            assertEquals("RESULT " + (f * 1000 + f), sink.byFrame.get(f), runner.mode() + " frame " + f);
        }
        assertEquals(FRAMES, r.completed());
        assertEquals(FRAMES, r.stages().get(0).calls(), "calls count frames");
        assertEquals(FRAMES, r.stages().get(0).batch().frames());
        assertEquals(runner instanceof ParallelRunner ? 4 : 1, r.stages().get(0).batch().largest(), r.toTable());
        assertTrue(r.toJson().contains("\"batch\":{\"maxBatch\":4"), r.toJson());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runners")
    void aFailureSetForOneFrame_failsThatFrameOnly(Runner runner) throws Exception {
        Recorder sink = new Recorder();
        RunReport r = runGated(runner, sink, StageOptions.defaults().errorPolicy(ErrorPolicy.skipFrame()), batch -> {
            for (int i = 0; i < batch.size(); i++) {
                long n = batch.context(i).number();
                if (n % 3 == 2) {
                    batch.fail(i, new IllegalArgumentException("bad frame " + n));
                } else {
                    batch.result(i, n);
                }
            }
        });
        assertOnlyTheseFailed(runner, r, sink, f -> f % 3 == 2, f -> "IllegalArgumentException: bad frame " + f);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runners")
    void aThrowFailsEveryFrameOfItsBatch_eachUnderItsOwnNumber_andNoOther(Runner runner) throws Exception {
        Recorder sink = new Recorder();
        RunReport r = runGated(runner, sink, StageOptions.defaults().errorPolicy(ErrorPolicy.skipFrame()), batch -> {
            for (int i = 0; i < batch.size(); i++) {
                if (batch.context(i).number() == 2) {
                    throw new IllegalStateException("the batch with frame 2 broke");
                }
                batch.result(i, batch.input(i));
            }
        });
        List<Long> failed = runner instanceof ParallelRunner ? List.of(1L, 2L, 3L, 4L) : List.of(2L);
        assertOnlyTheseFailed(runner, r, sink, failed::contains, f -> "IllegalStateException: the batch with frame 2 broke");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runners")
    void aCallWithFailures_restartsTheInstanceOnce(Runner runner) throws Exception {
        Gated source = new Gated(FRAMES);
        AtomicInteger opens = new AtomicInteger();
        Recorder sink = new Recorder();
        RunReport r = runner.run(pipeline(() -> new GatedStage(source, runner) {
            @Override
            public void open(StageContext context) {
                opens.incrementAndGet();
            }

            @Override
            void call(Batch<Long, Long> batch) {
                for (int i = 0; i < batch.size(); i++) {
                    long n = batch.context(i).number();
                    if (n == 2 || n == 3) {
                        batch.fail(i, new IllegalStateException("bad " + n));
                    } else {
                        batch.result(i, n);
                    }
                }
            }
        }, StageOptions.defaults().errorPolicy(ErrorPolicy.restart(10, Duration.ofMinutes(1)))), source, sink);
        int restarts = runner instanceof ParallelRunner ? 1 : 2;
        assertEquals(restarts, r.stages().get(0).replicaReports().get(0).restarts(), r.toTable());
        assertEquals(1 + restarts, opens.get());
        assertEquals(2, r.failed());
        assertEquals("FAILED b@3 IllegalStateException: bad 3", sink.byFrame.get(3L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runners")
    void aCallOverItsTimeLimit_failsItsFramesWithATimeout(Runner runner) throws Exception {
        Recorder sink = new Recorder();
        StageOptions options = StageOptions.defaults().errorPolicy(ErrorPolicy.skipFrame()).timeLimit(Duration.ofMillis(1500));
        RunReport r = runGated(runner, sink, options, batch -> {
            for (int i = 0; i < batch.size(); i++) {
                if (batch.context(i).number() == 3) {
                    Thread.sleep(60_000); // a hung call, not a wait for another thread: the watchdog's interrupt ends it
                }
                batch.result(i, batch.input(i));
            }
        });
        List<Long> failed = runner instanceof ParallelRunner ? List.of(1L, 2L, 3L, 4L) : List.of(3L);
        for (long f = 0; f < FRAMES; f++) {
            String line = sink.byFrame.get(f);
            assertTrue(failed.contains(f) ? line.startsWith("FAILED b@" + f + " StageTimeoutException") : line.equals("RESULT " + f),
                    runner.mode() + " frame " + f + ": " + line);
        }
        assertEquals(failed.size(), r.failed());
        assertEquals(FRAMES, r.completed() + r.failed());
        assertInstanceOf(StageTimeoutException.class, r.failures().get(0).cause());
    }

    /** A source that gives one frame, then blocks until released, then ends. */
    static final class Lone implements FrameSource<Long> {
        final CountDownLatch release = new CountDownLatch(1);
        volatile long handedOutNanos;
        private int n;

        @Override
        public Long next(Long reuse) throws InterruptedException {
            if (n++ == 0) {
                handedOutNanos = System.nanoTime();
                return 7L;
            }
            assertTrue(release.await(60, TimeUnit.SECONDS), "the test releases the source");
            return null;
        }
    }

    @org.junit.jupiter.api.Test
    void aLoneFrame_isProcessedWithinMaxDelay() throws Exception {
        Duration maxDelay = Duration.ofMillis(300);
        Lone source = new Lone();
        CountDownLatch delivered = new CountDownLatch(1);
        AtomicInteger size = new AtomicInteger();
        PipelineBuilder<Long> b = Pipeline.builder("lone");
        Port<Long> out = b.batch("b", b.source(), () -> batch -> {
            size.set(batch.size());
            batch.result(0, batch.input(0) + 1);
        }, StageOptions.defaults().maxBatch(8).maxDelay(maxDelay));
        try (Execution<Long> run = ParallelRunner.builder().ringSize(16).build().start(b.build(out), source, o -> delivered.countDown())) {
            long bound = maxDelay.toNanos() + TimeUnit.SECONDS.toNanos(5);
            assertTrue(delivered.await(bound, TimeUnit.NANOSECONDS), "a lone frame is processed within maxDelay + 5 s");
            long took = System.nanoTime() - source.handedOutNanos;
            assertTrue(took < bound, "within maxDelay + 5 s: " + took / 1e6 + " ms");
            assertEquals(1, size.get(), "alone in its batch");
            source.release.countDown();
            RunReport r = run.await();
            assertEquals(1, r.completed());
            assertTrue(r.stages().get(0).batch().batchWait().maxNanos() >= maxDelay.toNanos() * 0.98,
                    "it waited for company: " + r.toTable());
        }
    }

    @org.junit.jupiter.api.Test
    void theEndOfTheStream_doesNotWaitForTheBatchToFill() throws Exception {
        Duration maxDelay = Duration.ofSeconds(10);
        PipelineBuilder<Long> b = Pipeline.builder("ends");
        Port<Long> out = b.batch("b", b.source(), () -> batch -> {
            for (int i = 0; i < batch.size(); i++) {
                batch.result(i, batch.input(i));
            }
        }, StageOptions.defaults().maxBatch(8).maxDelay(maxDelay));
        long start = System.nanoTime();
        RunReport r = ParallelRunner.builder().ringSize(16).build().run(b.build(out), TestRunners.frames(3), o -> {});
        assertEquals(3, r.completed());
        assertTrue(System.nanoTime() - start < maxDelay.toNanos(), "ended before maxDelay: " + r.toTable());
    }

    @org.junit.jupiter.api.Test
    void anAbort_doesNotWaitForTheBatchToFill_andAccountsForItsFrames() throws Exception {
        Lone source = new Lone();
        CountDownLatch called = new CountDownLatch(1);
        PipelineBuilder<Long> b = Pipeline.builder("abort");
        Port<Long> first = b.stage("first", b.source(), () -> (in, f) -> {
            called.countDown();
            return in;
        });
        Port<Long> out = b.batch("b", first, () -> batch -> {
            for (int i = 0; i < batch.size(); i++) {
                batch.result(i, batch.input(i));
            }
        }, StageOptions.defaults().maxBatch(8).maxDelay(Duration.ofSeconds(10)));
        Execution<Long> run = ParallelRunner.builder().ringSize(16).build().start(b.build(out), source, o -> {});
        assertTrue(called.await(30, TimeUnit.SECONDS));
        long start = System.nanoTime();
        RunReport r = run.abort(Duration.ofSeconds(1));
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(6), "abort returned within its bound + 5 s");
        source.release.countDown();
        run.close();
        assertTrue(TestRunners.accounted(r), r.toTable());
    }

    @org.junit.jupiter.api.Test
    void batchMeters_countCallsAndFrames() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Gated source = new Gated(FRAMES);
        ParallelRunner runner = ParallelRunner.builder().ringSize(32).meterRegistry(registry).build();
        try (Execution<Long> run = runner.start(pipeline(() -> new GatedStage(source, runner) {
            @Override
            void call(Batch<Long, Long> batch) {
                for (int i = 0; i < batch.size(); i++) {
                    batch.result(i, batch.input(i));
                }
            }
        }, StageOptions.defaults()), source, o -> {})) {
            RunReport r = run.await();
            double frames = registry.get("stagegraph.stage.batch.size").tag("unit", "frames").functionCounter().count();
            double batches = registry.get("stagegraph.stage.batch.size").tag("unit", "batches").functionCounter().count();
            assertEquals(FRAMES, frames);
            assertEquals(r.stages().get(0).batch().batches(), (long) batches);
            assertEquals((long) batches, registry.get("stagegraph.stage.batch.wait").functionTimer().count());
        }
    }
}
