package dev.stagegraph.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Fail-fast and skip-frame: which frames fail, what the sink sees and in what order, what the error says. */
class ErrorPolicyTest {

    private static Pipeline<Long, Long> diamond(ErrorPolicy policy, AtomicLong joinCalls) {
        PipelineBuilder<Long> b = Pipeline.builder("policies");
        Port<Long> a = b.stage("a", b.source(), () -> (in, frame) -> in);
        Port<Long> left = b.stage("left", a, () -> (in, ctx) -> {
            long frame = ctx.number();
            if (frame % 10 == 3) {
                throw new IllegalStateException("left cannot read frame " + frame);
            }
            return in;
        }, StageOptions.defaults().errorPolicy(policy).replicas(2));
        Port<Long> right = b.stage("right", a, () -> (in, frame) -> in * 10);
        return b.build(b.join("join", left, right, () -> (l, r, frame) -> {
            joinCalls.incrementAndGet();
            return l + r;
        }));
    }

    @ParameterizedTest
    @MethodSource("dev.stagegraph.runtime.TestRunners#both")
    void skipFrame_failsTheFrame_deliversTheFailureInOrder_andRunsOn(Runner runner) throws Exception {
        AtomicLong joinCalls = new AtomicLong();
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        FrameSink<Long, Long> sink = new TestRunners.LegacySink<>() {
            @Override
            public void onResult(long frame, Long input, Long result) {
                seen.add(frame + "=" + result);
            }

            @Override
            public void onFailure(long frame, Long input, FrameFailure failure) {
                seen.add(frame + "!" + failure.stage() + "/" + failure.replica() + "/" + failure.frame());
            }
        };
        RunReport report = runner.run(diamond(ErrorPolicy.skipFrame(), joinCalls),
                FrameSource.of(LongStream.range(0, 100).boxed().toList()), sink);

        assertEquals(100, report.framesIn());
        assertEquals(10, report.failed());
        assertEquals(90, report.completed());
        assertEquals(90, joinCalls.get(), "the join does not run for failed frames");
        List<String> expected = new ArrayList<>();
        for (long f = 0; f < 100; f++) {
            expected.add(f % 10 == 3 ? f + "!left/" + (f % 2) + "/" + f : f + "=" + (f + 10 * f));
        }
        assertEquals(expected, seen);
        FrameFailure first = report.failures().get(0);
        assertEquals(3, first.frame());
        assertInstanceOf(IllegalStateException.class, first.cause());
    }

    @ParameterizedTest
    @MethodSource("dev.stagegraph.runtime.TestRunners#both")
    void failFast_stopsAtTheFirstFailure_andNamesStageReplicaAndFrame(Runner runner) {
        AtomicLong joinCalls = new AtomicLong();
        List<Long> delivered = Collections.synchronizedList(new ArrayList<>());
        PipelineFailedException e = assertThrows(PipelineFailedException.class, () -> runner.run(
                diamond(ErrorPolicy.failFast(), joinCalls), FrameSource.of(LongStream.range(0, 100).boxed().toList()),
                TestRunners.results((frame, in, out) -> delivered.add(frame))));

        assertEquals("left", e.failure().stage());
        assertEquals(1, e.failure().replica());
        assertEquals(3, e.failure().frame());
        assertTrue(e.getMessage().contains("stage 'left' (replica 1) failed on frame 3"), e.getMessage());
        assertInstanceOf(IllegalStateException.class, e.getCause());
        RunReport r = e.report();
        assertEquals(r.framesIn(), r.completed() + r.failed() + r.dropped() + r.aborted(), r.toTable());
        assertTrue(delivered.size() <= 3 && delivered.equals(LongStream.range(0, delivered.size()).boxed().toList()),
                "nothing after the failed frame is delivered: " + delivered);
    }
}
