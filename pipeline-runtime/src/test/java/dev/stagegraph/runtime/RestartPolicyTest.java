package dev.stagegraph.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagegraph.ErrorPolicy;
import dev.stagegraph.FrameContext;
import dev.stagegraph.FrameSink;
import dev.stagegraph.Pipeline;
import dev.stagegraph.PipelineBuilder;
import dev.stagegraph.PipelineFailedException;
import dev.stagegraph.Port;
import dev.stagegraph.Runner;
import dev.stagegraph.Stage;
import dev.stagegraph.StageContext;
import dev.stagegraph.report.FrameFailure;
import dev.stagegraph.report.RunReport;
import dev.stagegraph.source.FrameSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The restart policy: a failing instance is replaced by a fresh one, within a budget, then fail-fast. */
class RestartPolicyTest {

    /** Counts its calls since open and fails on chosen frames: a fresh instance starts again at 0. */
    static final class Flaky implements Stage<Long, Long> {
        private final Set<Long> failOn;
        private final AtomicInteger opens;
        private final AtomicInteger closes;
        private long sinceOpen;

        Flaky(Set<Long> failOn, AtomicInteger opens, AtomicInteger closes) {
            this.failOn = failOn;
            this.opens = opens;
            this.closes = closes;
        }

        @Override
        public void open(StageContext context) {
            opens.incrementAndGet();
        }

        @Override
        public Long process(Long input, FrameContext ctx) {
            long frame = ctx.number();
            sinceOpen++;
            if (failOn.contains(frame)) {
                throw new IllegalStateException("corrupt state at frame " + frame);
            }
            return sinceOpen;
        }

        @Override
        public void close() {
            closes.incrementAndGet();
        }
    }

    private static Pipeline<Long, Long> pipeline(Set<Long> failOn, ErrorPolicy policy, AtomicInteger opens, AtomicInteger closes) {
        PipelineBuilder<Long> b = Pipeline.builder("restart");
        Port<Long> flaky = b.stage("flaky", b.source(), () -> new Flaky(failOn, opens, closes),
                dev.stagegraph.StageOptions.defaults().errorPolicy(policy));
        return b.build(b.stage("after", flaky, () -> (in, frame) -> in));
    }

    @ParameterizedTest
    @MethodSource("dev.stagegraph.runtime.TestRunners#both")
    void failingInstanceIsReplaced_itsFrameFails_andLaterFramesSeeAFreshInstance(Runner runner) throws Exception {
        AtomicInteger opens = new AtomicInteger();
        AtomicInteger closes = new AtomicInteger();
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        FrameSink<Long, Long> sink = new TestRunners.LegacySink<>() {
            @Override
            public void onResult(long frame, Long input, Long result) {
                seen.add(frame + "=" + result);
            }

            @Override
            public void onFailure(long frame, Long input, FrameFailure failure) {
                seen.add(frame + "!" + failure.stage());
            }
        };
        RunReport report = runner.run(pipeline(Set.of(5L, 20L), ErrorPolicy.restart(3, Duration.ofMinutes(1)), opens, closes),
                FrameSource.of(LongStream.range(0, 30).boxed().toList()), sink);

        assertEquals(28, report.completed());
        assertEquals(2, report.failed());
        assertEquals(2, report.stages().get(0).replicaReports().get(0).restarts());
        assertEquals(3, opens.get(), "the first instance and two replacements");
        assertEquals(3, closes.get(), "every instance, replaced or last, is closed once");
        assertEquals("4=5", seen.get(4));
        assertEquals("5!flaky", seen.get(5));
        assertEquals("6=1", seen.get(6), "the replacement starts fresh");
        assertEquals("20!flaky", seen.get(20));
        assertEquals("21=1", seen.get(21));
    }

    @ParameterizedTest
    @MethodSource("dev.stagegraph.runtime.TestRunners#both")
    void tooManyRestartsWithinTheWindow_escalateToFailFast(Runner runner) {
        AtomicInteger opens = new AtomicInteger();
        AtomicInteger closes = new AtomicInteger();
        PipelineFailedException e = assertThrows(PipelineFailedException.class, () -> runner.run(
                pipeline(Set.of(2L, 4L, 6L), ErrorPolicy.restart(2, Duration.ofMinutes(1)), opens, closes),
                FrameSource.of(LongStream.range(0, 30).boxed().toList()), TestRunners.results((frame, in, out) -> {})));

        assertEquals("flaky", e.failure().stage());
        assertEquals(6, e.failure().frame());
        assertTrue(e.getMessage().contains("more than its restart policy allows"), e.getMessage());
        assertEquals(opens.get(), closes.get(), "every opened instance closed");
        RunReport r = e.report();
        assertEquals(r.framesIn(), r.completed() + r.failed() + r.dropped() + r.aborted(), r.toTable());
    }
}
