package dev.stagegraph.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagegraph.ErrorPolicy;
import dev.stagegraph.Execution;
import dev.stagegraph.FrameSink;
import dev.stagegraph.InvalidPipelineException;
import dev.stagegraph.Outcome;
import dev.stagegraph.Pipeline;
import dev.stagegraph.PipelineBuilder;
import dev.stagegraph.Port;
import dev.stagegraph.Runner;
import dev.stagegraph.StageOptions;
import dev.stagegraph.report.RunReport;
import dev.stagegraph.runtime.OwnershipTest.Counted;
import dev.stagegraph.runtime.OwnershipTest.Res;
import dev.stagegraph.source.Feed;
import dev.stagegraph.source.FrameSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code reuseLastResult} (issue 13 item 4): a frame the sampling skips gets its source's last
 * selected result; a selected frame with no result (or a failure) leaves the next skipped frames
 * with none. A reused value that needs releasing is shared by several frames in flight, and is
 * released exactly once, after the last of them, on every path: counted created == released, a
 * second release caught, and a read after release fails the frame that reads it.
 */
class ReuseLastResultTest {
    private static final int FRAMES = 600;

    /** source -> every 3rd frame: a new Res of its number (none on 10 mod 30, failing on 20 mod 30) -> r reads it -> sink. */
    static Pipeline<Long, Long> pipeline(Counted values, StageOptions sampling, CountDownLatch hangAt, long hangFrame) {
        PipelineBuilder<Long> b = Pipeline.builder("reuse");
        Port<Res> sampled = b.stage("sampled", b.source(), () -> (in, f) -> {
            long n = f.number();
            if (n == hangFrame) {
                hangAt.countDown();
                new CountDownLatch(1).await();
            }
            if (n % 30 == 21) {
                throw new IllegalStateException("selected frame " + n + " failed");
            }
            return n % 30 == 12 ? null : values.make(n);
        }, sampling.reuseLastResult().errorPolicy(ErrorPolicy.skipFrame()));
        return b.build(b.stage("r", sampled, () -> (res, f) -> res.read() * 1000 + f.number(), StageOptions.defaults().replicas(2)));
    }

    /** Per source, per frame: the result, or the outcome's kind. */
    static final class Results implements FrameSink<Long, Long> {
        final Map<String, Map<Long, String>> seen = new ConcurrentHashMap<>();

        @Override
        public void accept(Outcome<? extends Long, ? extends Long> o) {
            seen.computeIfAbsent(o.frame().source(), k -> new ConcurrentHashMap<>()).put(o.frame().number(),
                    o.kind() == Outcome.Kind.RESULT ? Long.toString(o.result()) : o.kind().toString());
        }
    }

    /** What frame {@code n} of a source must get: the value of its group's selected frame, or none, or a failure. */
    static String expected(long n) {
        long selected = n / 3 * 3;
        if (selected % 30 == 21) {
            return n == selected ? "FAILED" : "NO_RESULT";
        }
        return selected % 30 == 12 ? "NO_RESULT" : Long.toString(selected * 1000 + n);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.stagegraph.runtime.TestRunners#both")
    void skippedFramesGetTheLastSelectedResult_andEachValueIsReleasedOnce(Runner runner) throws Exception {
        Counted values = new Counted();
        Results sink = new Results();
        RunReport r = runner.run(pipeline(values, StageOptions.defaults().everyNth(3), new CountDownLatch(1), -1),
                TestRunners.frames(FRAMES), sink);
        Map<Long, String> got = sink.seen.get("source");
        for (long n = 0; n < FRAMES; n++) {
            assertEquals(expected(n), got.get(n), runner.mode() + " frame " + n);
        }
        assertEquals(FRAMES / 3, r.stages().get(0).calls());
        assertEquals(FRAMES - FRAMES / 3, r.stages().get(0).skipped(), "reused frames still count as skipped");
        assertEquals(FRAMES, r.completed() + r.failed());
        values.assertBalanced(runner.mode(), 0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.stagegraph.runtime.TestRunners#both")
    void perSourceStages_reuseEachSourcesOwnLastResult(Runner runner) throws Exception {
        Counted values = new Counted();
        Results sink = new Results();
        List<Feed<Long>> feeds = new ArrayList<>();
        int[] lengths = {FRAMES, 40, FRAMES / 2};
        for (int k = 0; k < lengths.length; k++) {
            feeds.add(Feed.of(FrameSource.of(LongStream.range(0, lengths[k]).boxed().toList())).named("cam" + k));
        }
        runner.run(pipeline(values, StageOptions.defaults().everyNth(3).perSource(), new CountDownLatch(1), -1), feeds, sink, Map.of());
        for (int k = 0; k < lengths.length; k++) {
            Map<Long, String> got = sink.seen.get("cam" + k);
            for (long n = 0; n < lengths[k]; n++) {
                assertEquals(expected(n), got.get(n), runner.mode() + " cam" + k + " frame " + n);
            }
        }
        values.assertBalanced(runner.mode(), 0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.stagegraph.runtime.TestRunners#both")
    void aRateLimitedStage_releasesEveryValueOnce(Runner runner) throws Exception {
        Counted values = new Counted();
        RunReport r = runner.run(pipeline(values, StageOptions.defaults().maxRate(2000), new CountDownLatch(1), -1),
                TestRunners.frames(FRAMES), FrameSink.discard());
        assertEquals(FRAMES, r.stages().get(0).calls() + r.stages().get(0).skipped());
        values.assertBalanced(runner.mode(), 0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.stagegraph.runtime.TestRunners#both")
    void anAbortedRun_releasesTheValuesInFlightOnce(Runner runner) throws Exception {
        Counted values = new Counted();
        CountDownLatch hung = new CountDownLatch(1);
        Execution<Long> run = runner.start(pipeline(values, StageOptions.defaults().everyNth(3), hung, 300), TestRunners.frames(FRAMES),
                FrameSink.discard());
        RunReport report = TestRunners.abortOnceHung(runner, run, hung);
        assertTrue(TestRunners.accounted(report), report.toTable());
        values.assertBalanced(runner.mode() + " aborted", 0);
    }

    @Test
    void reuseNeedsSamplingAndOneInstancePerSource() {
        PipelineBuilder<Long> b = Pipeline.builder("bad-reuse");
        InvalidPipelineException replicas = assertThrows(InvalidPipelineException.class, () -> b.stage("s", b.source(),
                () -> (x, f) -> x, StageOptions.defaults().everyNth(2).reuseLastResult().replicas(2)));
        assertTrue(replicas.getMessage().contains("use perSource() or one replica"), replicas.getMessage());
        b.stage("ok", b.source(), () -> (x, f) -> x, StageOptions.defaults().everyNth(2).reuseLastResult().perSource());
    }
}
