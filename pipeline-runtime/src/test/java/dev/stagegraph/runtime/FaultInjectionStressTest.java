package dev.stagegraph.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import dev.stagegraph.source.FrameSource;
import dev.stagegraph.source.LivePolicy;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fault injection under load ({@code mvn -Pstress verify}; {@link FaultInjectionTest} runs a short
 * version in the default build): 200,000 frames through the diamond with
 * about 1% exceptions at random stages, under each policy. Forbidden outcomes: counts that do not
 * add up to the frames taken, a frame delivered twice or out of order, a successful frame whose
 * result differs from the sequential runner's, heap that stays grown after the run (leaked slots
 * or frames), a runtime thread alive after the run.
 */
@Tag("stress")
class FaultInjectionStressTest {
    private static final int FRAMES = 200_000;

    /** Throws on about 1% of frames, chosen by hash of (stage, frame): every runner fails the same ones. */
    static dev.stagegraph.Stage<Long, Long> faulty(long salt) {
        return (in, ctx) -> {
            long frame = ctx.number();
            long h = RandomDag.mix(salt, frame);
            if (Math.floorMod(h, 400) == 0) {
                throw new IllegalStateException("injected at frame " + frame);
            }
            return RandomDag.mix(h, in);
        };
    }

    static Pipeline<Long, Long> diamond(ErrorPolicy policy) {
        PipelineBuilder<Long> b = Pipeline.<Long>builder("faults").defaultErrorPolicy(policy);
        Port<Long> detector = b.stage("detector", b.source(), () -> faulty(1));
        Port<Long> size = b.stage("size", detector, () -> faulty(2), StageOptions.defaults().replicas(2));
        Port<Long> classifier = b.stage("classifier", detector, () -> faulty(3), StageOptions.defaults().replicas(3));
        return b.build(b.join("aggregator", size, classifier, () -> (s, c, ctx) -> {
            long frame = ctx.number();
            if (Math.floorMod(RandomDag.mix(4, frame), 400) == 0) {
                throw new IllegalStateException("injected at frame " + frame);
            }
            return s ^ c;
        }));
    }

    /**
     * Keeps every outcome by frame number, and notes a frame seen twice or out of order. It never
     * throws: a sink's exception would become a failure of the run (and, under fail-fast, just end
     * it), so the checks live outside the pipeline, in {@link #violations}, asserted after the run.
     */
    static final class Outcomes extends TestRunners.LegacySink<Long, Long> {
        final Map<Long, Object> byFrame = new HashMap<>();
        final java.util.List<String> violations = new java.util.ArrayList<>();
        long last = -1;

        private void see(long frame, Object outcome) {
            if (frame <= last || byFrame.put(frame, outcome) != null) {
                violations.add("frame " + frame + " seen twice or out of order (last " + last + ")");
            }
            last = Math.max(last, frame);
        }

        @Override
        public void onResult(long frame, Long input, Long result) {
            see(frame, result);
        }

        @Override
        public void onFailure(long frame, Long input, FrameFailure failure) {
            see(frame, failure.stage());
        }
    }

    static FrameSource<Long> frames(int count) {
        return new FrameSource<>() {
            private long n;

            @Override
            public Long next(Long reuse) {
                return n < count ? n++ : null;
            }

            @Override
            public long length() {
                return count;
            }
        };
    }

    static RunReport runCatching(Runner runner, Pipeline<Long, Long> p, Outcomes sink, int frames) throws InterruptedException {
        try {
            return runner.run(p, frames(frames), sink);
        } catch (PipelineFailedException e) {
            return e.report();
        }
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @ParameterizedTest
    @ValueSource(strings = {"fail-fast", "skip-frame", "restart"})
    void faultsUnderLoad_loseNothing_andSuccessfulFramesMatchTheReference(String policyName) throws Exception {
        faultsUnderLoad(policyName, FRAMES);
    }

    static void faultsUnderLoad(String policyName, int frames) throws Exception {
        ErrorPolicy policy = switch (policyName) {
            case "fail-fast" -> ErrorPolicy.failFast();
            case "skip-frame" -> ErrorPolicy.skipFrame();
            default -> ErrorPolicy.restart(100_000, Duration.ofMinutes(1));
        };
        Pipeline<Long, Long> pipeline = diamond(policy);
        long heapBefore = usedHeapAfterGc();

        Outcomes expected = new Outcomes();
        runCatching(SequentialRunner.create(), pipeline, expected, frames);
        Outcomes actual = new Outcomes();
        RunReport report = runCatching(ParallelRunner.builder().ringSize(256).build(), pipeline, actual, frames);

        assertEquals(java.util.List.of(), expected.violations);
        assertEquals(java.util.List.of(), actual.violations, "seen twice or out of order");
        assertEquals(report.framesIn(), report.completed() + report.failed() + report.dropped() + report.aborted(), report.toTable());
        long delivered = actual.byFrame.size();
        assertTrue(delivered >= report.completed() && delivered <= report.completed() + report.failed(),
                "delivered " + delivered + " of " + report.toTable());
        for (Map.Entry<Long, Object> e : actual.byFrame.entrySet()) {
            if (policyName.equals("fail-fast") && !expected.byFrame.containsKey(e.getKey())) {
                assertTrue(e.getValue() instanceof String, "past the sequential run's stop, the parallel one only reports frames"
                        + " its stages had already failed when the run stopped: frame " + e.getKey());
                continue;
            }
            assertEquals(expected.byFrame.get(e.getKey()), e.getValue(), "frame " + e.getKey());
        }
        if (!policyName.equals("fail-fast")) {
            assertEquals(frames, report.framesIn());
            assertEquals(report.completed() + report.failed(), delivered, "every failure of a skipping policy reaches the sink");
            assertEquals(expected.byFrame.size(), actual.byFrame.size());
            assertTrue(report.failed() > frames / 200, "about 1% of frames fail: " + report.failed());
        }
        if (policyName.equals("restart")) {
            long restarts = report.stages().stream().flatMap(s -> s.replicaReports().stream()).mapToLong(r -> r.restarts()).sum();
            assertTrue(restarts >= report.failed(), "every failing instance was replaced: " + restarts);
        }
        assertTrue(TestRunners.liveRuntimeThreads().isEmpty(), "threads left: " + TestRunners.liveRuntimeThreads());
        expected = null;
        actual = null;
        long grown = usedHeapAfterGc() - heapBefore;
        assertTrue(grown < 32L << 20, "the heap stayed " + (grown >> 20) + " MiB larger after the run");
    }

    @Test
    void differentialWithRandomFailures() throws Exception {
        differentialWithRandomFailures(300, 0xFA17L);
    }

    /** Random graphs whose stages fail about one frame in 2 to 31, under skip-frame or restart: outcomes equal frame by frame. */
    static void differentialWithRandomFailures(int graphs, long master) throws Exception {
        SplittableRandom seeds = new SplittableRandom(master);
        for (int i = 0; i < graphs; i++) {
            long seed = seeds.nextLong();
            ErrorPolicy policy = i % 2 == 0 ? ErrorPolicy.skipFrame() : ErrorPolicy.restart(1_000, Duration.ofMinutes(1));
            Pipeline<Long, Long> p = RandomDag.generate(seed, true, 2 + Math.floorMod(seed, 30), policy);
            Outcomes expected = new Outcomes();
            Outcomes actual = new Outcomes();
            RunReport seq = SequentialRunner.create().run(p, FrameSource.of(java.util.stream.LongStream.range(0, 300).boxed().toList()), expected);
            RunReport par = ParallelRunner.builder().ringSize(16).build().run(p,
                    FrameSource.of(java.util.stream.LongStream.range(0, 300).boxed().toList()), actual);
            String where = "seed " + seed + " under " + policy;
            assertEquals(java.util.List.of(), actual.violations, where);
            assertEquals(expected.byFrame, actual.byFrame, where);
            assertEquals(seq.failed(), par.failed(), where);
            assertEquals(seq.completed(), par.completed(), where);
        }
    }

    @RepeatedTest(30)
    void abortWithABlockedStage_repeatedly() throws Exception {
        new StopAndAbortTest().abort_returnsWithinItsBound_whenAStageIsBlockedForever_andHandsBackTheRest();
    }

    @RepeatedTest(50)
    void orderAndConfinement_repeatedly() throws Exception {
        OrderingTest t = new OrderingTest();
        t.stageInstanceIsNeverEnteredByTwoThreadsAtOnce();
    }

    @RepeatedTest(5)
    void liveSources_repeatedly() throws Exception {
        for (LivePolicy policy : LivePolicy.values()) {
            if (policy != LivePolicy.BLOCK) {
                new LiveSourceTest().everyCapturedFrameIsAccountedFor_inCaptureOrder(policy);
            }
        }
    }
}
