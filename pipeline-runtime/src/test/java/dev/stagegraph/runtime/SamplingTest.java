package dev.stagegraph.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagegraph.ErrorPolicy;
import dev.stagegraph.Outcome;
import dev.stagegraph.Pipeline;
import dev.stagegraph.PipelineBuilder;
import dev.stagegraph.Port;
import dev.stagegraph.Runner;
import dev.stagegraph.StageOptions;
import dev.stagegraph.report.RunReport;
import dev.stagegraph.report.StageReport;
import dev.stagegraph.source.Feed;
import dev.stagegraph.source.FrameSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Sampled stages (issue 13 item 3): {@code everyNth} runs exactly the frames whose number is a
 * multiple of N, per source; {@code maxRate} runs at most R frames per second of capture time per
 * source, counted over the run (not timed); skipped frames are "no result", counted as skipped in
 * the stage's report and apart from failures; both runners skip the same frames.
 */
class SamplingTest {
    private static final List<Runner> RUNNERS = List.of(SequentialRunner.create(), ParallelRunner.builder().ringSize(8).build());

    @Test
    void everyNth_runsExactlyTheMultiplesOfN_perSource() throws Exception {
        for (Runner runner : RUNNERS) {
            List<String> ran = Collections.synchronizedList(new ArrayList<>());
            PipelineBuilder<Long> b = Pipeline.builder("every");
            Port<Long> sampled = b.stage("sampled", b.source(), () -> (in, f) -> {
                ran.add(f.source() + ":" + f.number());
                return in;
            }, StageOptions.defaults().everyNth(3).replicas(2));
            List<Feed<Long>> feeds = List.of(Feed.of(FrameSource.of(LongStream.range(0, 10).boxed().toList())).named("a"),
                    Feed.of(FrameSource.of(LongStream.range(0, 7).boxed().toList())).named("b"));
            MultiSourceTest.PerSource<Long, Long> sink = new MultiSourceTest.PerSource<>();
            RunReport r = runner.run(b.build(sampled), feeds, sink, Map.of());

            List<String> expected = new ArrayList<>(List.of("a:0", "a:3", "a:6", "a:9", "b:0", "b:3", "b:6"));
            List<String> actual = new ArrayList<>(ran);
            Collections.sort(expected);
            Collections.sort(actual);
            assertEquals(expected, actual, runner.mode());
            StageReport stage = r.stages().get(0);
            assertEquals(7, stage.calls(), runner.mode());
            assertEquals(17 - 7, stage.skipped(), runner.mode());
            assertEquals(17, r.completed(), runner.mode() + ": a skipped frame is no result, not a failure");
            assertEquals(0, r.failed(), runner.mode());
            assertEquals(4, sink.count("a", Outcome.Kind.RESULT), runner.mode());
            assertEquals(6, sink.count("a", Outcome.Kind.NO_RESULT), runner.mode());
            assertTrue(r.toJson().contains("\"skipped\":10"), runner.mode());
        }
    }

    /** A recorded source at 30 frames a second of capture time. */
    static FrameSource<Long> at30fps(int frames) {
        return new FrameSource<>() {
            private long next;

            @Override
            public Long next(Long reuse) {
                return next < frames ? next++ : null;
            }

            @Override
            public long timestampNanos() {
                return (next - 1) * 1_000_000_000L / 30;
            }
        };
    }

    @Test
    void maxRate_holdsOverTheRunByCaptureTime_andBothRunnersRunTheSameFrames() throws Exception {
        List<List<String>> runs = new ArrayList<>();
        for (Runner runner : RUNNERS) {
            List<String> ran = Collections.synchronizedList(new ArrayList<>());
            Map<String, TreeMap<Long, Integer>> perSecond = new java.util.concurrent.ConcurrentHashMap<>();
            PipelineBuilder<Long> b = Pipeline.builder("rate");
            Port<Long> sampled = b.stage("sampled", b.source(), () -> (in, f) -> {
                ran.add(f.source() + ":" + f.number());
                perSecond.computeIfAbsent(f.source(), k -> new TreeMap<>()).merge(f.timestampNanos() / 1_000_000_000L, 1, Integer::sum);
                return in;
            }, StageOptions.defaults().maxRate(10).perSource());
            List<Feed<Long>> feeds = List.of(Feed.of(at30fps(90)).named("a"), Feed.of(at30fps(45)).named("b"));
            RunReport r = runner.run(b.build(sampled), feeds, discard(), Map.of());

            assertEquals(30 + 15, r.stages().get(0).calls(), runner.mode() + ": one frame per 100 ms window of capture time per source");
            assertEquals(90 + 45 - 45, r.stages().get(0).skipped(), runner.mode());
            for (TreeMap<Long, Integer> counts : perSecond.values()) {
                for (int n : counts.values()) {
                    assertTrue(n <= 10, runner.mode() + ": more than 10 runs in a second of capture time: " + counts);
                }
            }
            List<String> sorted = new ArrayList<>(ran);
            Collections.sort(sorted);
            runs.add(sorted);
        }
        assertEquals(runs.get(0), runs.get(1), "both runners run the same frames");
    }

    private static <S, R> dev.stagegraph.FrameSink<S, R> discard() {
        return dev.stagegraph.FrameSink.discard();
    }

    @Test
    void skippedFramesAreCountedApartFromFailures() throws Exception {
        for (Runner runner : RUNNERS) {
            PipelineBuilder<Long> b = Pipeline.builder("apart");
            Port<Long> sampled = b.stage("sampled", b.source(), () -> (in, f) -> {
                if (f.number() % 4 == 0) {
                    throw new IllegalStateException("fails on multiples of 4");
                }
                return in;
            }, StageOptions.defaults().everyNth(2).errorPolicy(ErrorPolicy.skipFrame()));
            RunReport r = runner.run(b.build(sampled), FrameSource.of(LongStream.range(0, 20).boxed().toList()),
                    TestRunners.results((n, in, out) -> {}));
            assertEquals(10, r.stages().get(0).calls(), runner.mode());
            assertEquals(10, r.stages().get(0).skipped(), runner.mode());
            assertEquals(5, r.failed(), runner.mode() + ": frames 0, 4, 8, 12, 16 ran and failed");
            assertEquals(15, r.completed(), runner.mode());
        }
    }

    @Test
    void badSamplingIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> StageOptions.defaults().everyNth(0));
        assertThrows(IllegalArgumentException.class, () -> StageOptions.defaults().maxRate(-1));
        assertThrows(IllegalArgumentException.class, () -> StageOptions.defaults().maxRate(Double.NaN));
    }
}
