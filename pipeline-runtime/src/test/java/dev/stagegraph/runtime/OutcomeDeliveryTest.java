package dev.stagegraph.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagegraph.ErrorPolicy;
import dev.stagegraph.Execution;
import dev.stagegraph.FrameSink;
import dev.stagegraph.Outcome;
import dev.stagegraph.Pipeline;
import dev.stagegraph.PipelineBuilder;
import dev.stagegraph.PipelineFailedException;
import dev.stagegraph.Port;
import dev.stagegraph.Runner;
import dev.stagegraph.StageOptions;
import dev.stagegraph.report.RunReport;
import dev.stagegraph.source.FrameSource;
import dev.stagegraph.source.LivePolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sink can't lose an outcome: every frame the source delivered reaches it exactly once, in
 * frame order, as one of result, no result, failed, dropped or aborted, and the counts by kind
 * equal the report's, under every error policy, with live drops and with an abort.
 */
class OutcomeDeliveryTest {

    /** Keeps each outcome's frame number and kind; checks order as it goes. */
    static final class Ledger implements FrameSink<Long, Long> {
        final List<Long> numbers = new ArrayList<>();
        final Map<Outcome.Kind, Long> kinds = new EnumMap<>(Outcome.Kind.class);

        @Override
        public synchronized void accept(Outcome<? extends Long, ? extends Long> o) {
            numbers.add(o.frame().number());
            kinds.merge(o.kind(), 1L, Long::sum);
        }

        synchronized void assertComplete(long frames, RunReport r) {
            assertEquals(LongStream.range(0, frames).boxed().toList(), numbers, "every frame once, in order");
            long results = kinds.getOrDefault(Outcome.Kind.RESULT, 0L) + kinds.getOrDefault(Outcome.Kind.NO_RESULT, 0L);
            assertEquals(r.completed(), results, r.toTable());
            assertEquals(r.failed(), (long) kinds.getOrDefault(Outcome.Kind.FAILED, 0L), r.toTable());
            assertEquals(r.dropped(), (long) kinds.getOrDefault(Outcome.Kind.DROPPED, 0L), r.toTable());
            assertEquals(r.aborted(), (long) kinds.getOrDefault(Outcome.Kind.ABORTED, 0L), r.toTable());
        }
    }

    /** Fails frames 10k+3 in {@code left}; no result on frames 10k+5 in {@code right}. */
    static Pipeline<Long, Long> diamond(ErrorPolicy policy) {
        PipelineBuilder<Long> b = Pipeline.builder("outcomes");
        Port<Long> left = b.stage("left", b.source(), () -> (in, f) -> {
            if (f.number() % 10 == 3) {
                throw new IllegalStateException("injected");
            }
            return in;
        }, StageOptions.defaults().errorPolicy(policy).replicas(2));
        Port<Long> right = b.stage("right", b.source(), () -> (in, f) -> f.number() % 10 == 5 ? null : in);
        return b.build(b.join("join", left, right, () -> (x, y, f) -> x + y));
    }

    static List<Object[]> policies() {
        List<Object[]> cases = new ArrayList<>();
        TestRunners.both().forEach(r -> {
            cases.add(new Object[] {r, ErrorPolicy.skipFrame()});
            cases.add(new Object[] {r, ErrorPolicy.restart(100, Duration.ofMinutes(1))});
        });
        return cases;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("policies")
    void everyFrameReachesTheSinkOnce_inOrder(Runner runner, ErrorPolicy policy) throws Exception {
        Ledger sink = new Ledger();
        RunReport r = runner.run(diamond(policy), FrameSource.of(LongStream.range(0, 200).boxed().toList()), sink);
        sink.assertComplete(200, r);
        assertEquals(20, r.failed());
        assertEquals(20, (long) sink.kinds.get(Outcome.Kind.NO_RESULT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.stagegraph.runtime.TestRunners#both")
    void failFast_deliversEverythingBeforeTheFailure_andTheFailedFrame(Runner runner) {
        Ledger sink = new Ledger();
        PipelineFailedException e = assertThrows(PipelineFailedException.class,
                () -> runner.run(diamond(ErrorPolicy.failFast()), FrameSource.of(LongStream.range(0, 200).boxed().toList()), sink));
        RunReport r = e.report();
        assertEquals(r.framesIn(), r.completed() + r.failed() + r.aborted(), r.toTable());
        sink.assertComplete(r.framesIn(), r);
        assertTrue(sink.kinds.get(Outcome.Kind.FAILED) >= 1, sink.kinds.toString());
    }

    @RepeatedTest(5)
    void liveDrops_reachTheSinkWhereTheyWouldHaveBeen() throws Exception {
        for (LivePolicy policy : new LivePolicy[] {LivePolicy.DROP_NEWEST, LivePolicy.KEEP_LATEST}) {
            Ledger sink = new Ledger();
            PipelineBuilder<Long> b = Pipeline.builder("live");
            Port<Long> slow = b.stage("slow", b.source(), () -> (in, f) -> {
                TimeUnit.MILLISECONDS.sleep(2);
                return in;
            });
            Pipeline<Long, Long> p = b.build(slow);
            FrameSource<Long> camera = new FrameSource<>() {
                private long n;

                @Override
                public Long next(Long reuse) {
                    return n < 300 ? n++ : null;
                }

                @Override
                public boolean live() {
                    return true;
                }
            };
            RunReport r = ParallelRunner.builder().ringSize(4).maxInFlight(2).livePolicy(policy).build().run(p, camera, sink);
            assertTrue(r.dropped() > 0, policy + ": a source 2 ms faster than the stage drops frames: " + r.toTable());
            sink.assertComplete(300, r);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.stagegraph.runtime.TestRunners#both")
    void anAbort_deliversTheUnfinishedFramesAsAborted_atTheEnd(Runner runner) throws Exception {
        Ledger sink = new Ledger();
        CountDownLatch reached = new CountDownLatch(1);
        PipelineBuilder<Long> b = Pipeline.builder("abort");
        Port<Long> hang = b.stage("hang", b.source(), () -> (in, f) -> {
            if (f.number() == 5) {
                reached.countDown();
                new CountDownLatch(1).await();
            }
            return in;
        });
        Execution<Long> run = runner.start(b.build(hang), FrameSource.of(LongStream.range(0, 50).boxed().toList()), sink);
        Thread sequential = runner.mode().equals("sequential") ? new Thread(() -> {
            try {
                run.await();
            } catch (Exception e) {
                // the aborted run's end; the abort below returns its report
            }
        }) : null;
        if (sequential != null) {
            sequential.start();
        }
        assertTrue(reached.await(30, TimeUnit.SECONDS));
        RunReport r = run.abort(Duration.ofSeconds(2));
        if (sequential != null) {
            sequential.join(TimeUnit.SECONDS.toMillis(30));
        }
        run.close();
        assertTrue(r.aborted() >= 1, r.toTable());
        sink.assertComplete(r.framesIn(), r);
        assertEquals(r.framesIn(), r.completed() + r.aborted(), "frames before the hang completed or were cut short: " + r.toTable());
    }
}
