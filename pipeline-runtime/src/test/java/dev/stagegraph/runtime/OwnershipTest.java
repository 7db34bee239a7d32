package dev.stagegraph.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagegraph.ErrorPolicy;
import dev.stagegraph.Execution;
import dev.stagegraph.FrameSink;
import dev.stagegraph.Pipeline;
import dev.stagegraph.PipelineBuilder;
import dev.stagegraph.PipelineFailedException;
import dev.stagegraph.Port;
import dev.stagegraph.Runner;
import dev.stagegraph.StageOptions;
import dev.stagegraph.report.RunReport;
import dev.stagegraph.source.FrameSource;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Promise 7 and the ownership rule of the API: every value the runtime holds that needs releasing
 * (an {@link AutoCloseable} result, a result whose port declares a release function, a source
 * frame) is released exactly once, on every path (completed, skip-frame, restart, fail-fast,
 * abort), on both runners, with replicas and inline stages. Counted: created == released, and a
 * second release of one object fails the test.
 */
class OwnershipTest {
    private static final int FRAMES = 2_000;

    /** Native-memory stand-in: counts what is made and released, and refuses a second release. */
    static final class Counted {
        final AtomicLong made = new AtomicLong();
        final AtomicLong released = new AtomicLong();
        final AtomicLong doubles = new AtomicLong();

        Res make(long v) {
            made.incrementAndGet();
            return new Res(this, v);
        }

        void assertBalanced(String what, long handedBack) {
            assertEquals(0, doubles.get(), what + ": an object was released twice");
            assertEquals(made.get(), released.get() + handedBack, what + ": made " + made + ", released " + released
                    + ", handed back " + handedBack);
        }
    }

    /** A value that holds "native memory": closed by the runtime (AutoCloseable). */
    static final class Res implements AutoCloseable {
        private final Counted counts;
        final long value;
        private boolean closed;

        Res(Counted counts, long value) {
            this.counts = counts;
            this.value = value;
        }

        synchronized void free() {
            if (closed) {
                counts.doubles.incrementAndGet();
                return;
            }
            closed = true;
            counts.released.incrementAndGet();
        }

        @Override
        public void close() {
            free();
        }

        synchronized long read() {
            if (closed) {
                throw new IllegalStateException("read after release");
            }
            return value;
        }
    }

    /** A value whose release is declared on its port (not AutoCloseable), like an OpenCV Mat. */
    static final class Blob {
        final Res res;

        Blob(Res res) {
            this.res = res;
        }
    }

    /** A source of AutoCloseable frames that reuses the frames handed back and makes new ones only when it must. */
    static final class Frames implements FrameSource<Res> {
        final Counted counts = new Counted();
        private final long length;
        private long n;

        Frames(long length) {
            this.length = length;
        }

        @Override
        public Res next(Res reuse) {
            if (n == length) {
                return null;
            }
            n++;
            return reuse != null ? reuse : counts.make(n);
        }
    }

    /**
     * source -> a (x2, Res) -> inline m (Blob, declared release) -> join(a, m) -> sink; a fails on
     * frames divisible by 37 under {@code policy}; the join returns a new Res.
     */
    static Pipeline<Res, Res> pipeline(ErrorPolicy policy, Counted values, CountDownLatch hangAt, long hangFrame) {
        PipelineBuilder<Res> b = Pipeline.builder("ownership");
        Port<Res> a = b.stage("a", b.source(), () -> (in, f) -> {
            if (f.number() % 37 == 36) {
                throw new IllegalStateException("injected on frame " + f.number());
            }
            if (f.number() == hangFrame) {
                hangAt.countDown();
                new CountDownLatch(1).await();
            }
            return values.make(in.read() + f.number());
        }, StageOptions.defaults().replicas(2).errorPolicy(policy));
        Port<Blob> m = b.release(b.map("m", a, r -> new Blob(values.make(r.read()))), blob -> blob.res.free());
        return b.build(b.join("j", a, m, () -> (x, y, f) -> values.make(x.read() + y.res.read())));
    }

    static Stream<Arguments> cases() {
        return TestRunners.both().flatMap(r -> Stream.of(
                Arguments.of(r, ErrorPolicy.skipFrame()),
                Arguments.of(r, ErrorPolicy.restart(1_000, Duration.ofMinutes(1))),
                Arguments.of(r, ErrorPolicy.failFast())));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void everyValueAndFrame_isReleasedOnce_underEachPolicy(Runner runner, ErrorPolicy policy) throws Exception {
        Counted values = new Counted();
        Frames frames = new Frames(FRAMES);
        Execution<Res> run = runner.start(pipeline(policy, values, new CountDownLatch(1), -1), frames, o -> {
            if (o.kind() == dev.stagegraph.Outcome.Kind.RESULT) {
                o.result().read();
            }
        });
        try {
            RunReport report = run.await();
            assertEquals(FRAMES, report.completed() + report.failed(), report.toTable());
        } catch (PipelineFailedException e) {
            assertEquals(ErrorPolicy.failFast(), policy, "only fail-fast stops the run: " + e);
        } finally {
            run.close();
        }
        values.assertBalanced(runner.mode() + " " + policy + " values", 0);
        frames.counts.assertBalanced(runner.mode() + " " + policy + " frames", run.unfinished().size());
        run.unfinished().forEach(Res::free);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.stagegraph.runtime.TestRunners#both")
    void anAbortedRun_releasesEverything_butTheFramesItHandsBack(Runner runner) throws Exception {
        Counted values = new Counted();
        Frames frames = new Frames(FRAMES);
        CountDownLatch hung = new CountDownLatch(1);
        Execution<Res> run = runner.start(pipeline(ErrorPolicy.skipFrame(), values, hung, 500), frames, FrameSink.discard());
        Thread runs = null;
        CompletableFuture<RunReport> awaited = new CompletableFuture<>();
        if (runner.mode().equals("sequential")) {
            runs = new Thread(() -> {
                try {
                    awaited.complete(run.await());
                } catch (Throwable t) {
                    awaited.completeExceptionally(t);
                }
            });
            runs.start();
        }
        assertTrue(hung.await(30, TimeUnit.SECONDS), "the stage reached the frame it hangs on");
        RunReport report = run.abort(Duration.ofSeconds(2));
        if (runs != null) {
            RunReport ended = awaited.get(30, TimeUnit.SECONDS);
            assertTrue(ended.aborted() >= 1, "the aborted run ends with its report: " + ended.toTable());
        }
        run.close();
        assertTrue(report.aborted() >= 1, report.toTable());
        values.assertBalanced(runner.mode() + " aborted values", 0);
        List<Res> back = run.unfinished();
        frames.counts.assertBalanced(runner.mode() + " aborted frames", back.size());
    }
}
