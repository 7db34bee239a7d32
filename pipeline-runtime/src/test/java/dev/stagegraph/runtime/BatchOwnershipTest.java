package dev.stagegraph.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagegraph.ErrorPolicy;
import dev.stagegraph.Execution;
import dev.stagegraph.FrameSink;
import dev.stagegraph.InvalidPipelineException;
import dev.stagegraph.Pipeline;
import dev.stagegraph.PipelineBuilder;
import dev.stagegraph.Port;
import dev.stagegraph.Runner;
import dev.stagegraph.StageOptions;
import dev.stagegraph.report.RunReport;
import dev.stagegraph.runtime.OwnershipTest.Counted;
import dev.stagegraph.runtime.OwnershipTest.Res;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A batch stage's results follow the usual release rules: each is released exactly once, after
 * its last reader, on every path: delivered, failed with {@code fail(i)}, set and then lost to a
 * throw of the whole batch, and set in a call the run aborted. Counted: created == released, and a
 * second release is caught. Also: the builder's clear errors for bad batch options.
 */
class BatchOwnershipTest {
    private static final int FRAMES = 1_000;

    /**
     * source -> b (batch, Res per frame; frames 13 mod 50 fail alone, 29 mod 50 set every result and
     * then throw) -> r (reads the Res, makes a new one) -> sink.
     */
    static Pipeline<Long, Res> pipeline(Counted values, CountDownLatch hangAt, long hangFrame) {
        PipelineBuilder<Long> b = Pipeline.builder("batch-ownership");
        Port<Res> batched = b.batch("b", b.source(), () -> batch -> {
            boolean throwAfter = false;
            for (int i = 0; i < batch.size(); i++) {
                long n = batch.context(i).number();
                if (n % 50 == 13) {
                    batch.fail(i, new IllegalStateException("frame " + n + " failed alone"));
                    continue;
                }
                batch.result(i, values.make(n));
                throwAfter |= n % 50 == 29;
                if (n == hangFrame) {
                    hangAt.countDown();
                    new CountDownLatch(1).await();
                }
            }
            if (throwAfter) {
                throw new IllegalStateException("the batch broke after setting its results");
            }
        }, StageOptions.defaults().maxBatch(4).maxDelay(Duration.ofMillis(1)).replicas(2).errorPolicy(ErrorPolicy.skipFrame()));
        return b.build(b.stage("r", batched, () -> (res, f) -> values.make(res.read() + 1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.stagegraph.runtime.TestRunners#both")
    void everyResult_isReleasedOnce_onEveryPath(Runner runner) throws Exception {
        Counted values = new Counted();
        RunReport r = runner.run(pipeline(values, new CountDownLatch(1), -1), TestRunners.frames(FRAMES), o -> {
            if (o.kind() == dev.stagegraph.Outcome.Kind.RESULT) {
                o.result().read();
            }
        });
        assertEquals(FRAMES, r.completed() + r.failed(), r.toTable());
        assertTrue(r.failed() >= 2 * FRAMES / 50, r.toTable());
        values.assertBalanced(runner.mode(), 0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.stagegraph.runtime.TestRunners#both")
    void anAbortedCall_releasesTheResultsItHadSet(Runner runner) throws Exception {
        Counted values = new Counted();
        CountDownLatch hung = new CountDownLatch(1);
        Execution<Long> run = runner.start(pipeline(values, hung, 300), TestRunners.frames(FRAMES), FrameSink.discard());
        RunReport report = TestRunners.abortOnceHung(runner, run, hung);
        assertTrue(report.aborted() >= 1, report.toTable());
        assertTrue(TestRunners.accounted(report), report.toTable());
        values.assertBalanced(runner.mode() + " aborted", 0);
    }

    @Test
    void badBatchOptions_getClearErrors() {
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> StageOptions.defaults().maxBatch(0));
        assertTrue(zero.getMessage().contains("maxBatch must be from 1 to 1024 frames, was 0"), zero.getMessage());
        assertThrows(IllegalArgumentException.class, () -> StageOptions.defaults().maxBatch(1025));
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> StageOptions.defaults().maxDelay(Duration.ofMillis(-1)));
        assertTrue(negative.getMessage().contains("maxDelay must be from 0"), negative.getMessage());
        assertThrows(IllegalArgumentException.class, () -> StageOptions.defaults().maxDelay(null));
        assertThrows(IllegalArgumentException.class, () -> StageOptions.defaults().maxDelay(Duration.ofSeconds(11)));

        PipelineBuilder<Long> b = Pipeline.builder("bad");
        InvalidPipelineException notBatch = assertThrows(InvalidPipelineException.class,
                () -> b.stage("plain", b.source(), () -> (x, f) -> x, StageOptions.defaults().maxBatch(4)));
        assertTrue(notBatch.getMessage().contains("stage 'plain' sets maxBatch(4)") && notBatch.getMessage().contains("batch(...)"),
                notBatch.getMessage());
        InvalidPipelineException notSampled = assertThrows(InvalidPipelineException.class,
                () -> b.stage("reuse", b.source(), () -> (x, f) -> x, StageOptions.defaults().reuseLastResult()));
        assertTrue(notSampled.getMessage().contains("everyNth(n) or maxRate(r)"), notSampled.getMessage());
        b.batch("ok", b.source(), () -> batch -> {}, StageOptions.defaults().maxBatch(4).maxDelay(Duration.ofMillis(5)));
    }
}
