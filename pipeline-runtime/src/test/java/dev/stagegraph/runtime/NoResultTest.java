package dev.stagegraph.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.stagegraph.Pipeline;
import dev.stagegraph.PipelineBuilder;
import dev.stagegraph.Port;
import dev.stagegraph.Runner;
import dev.stagegraph.report.RunReport;
import dev.stagegraph.source.FrameSource;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A branch that has no result for a frame never stalls a join, and the sink still sees the frame. */
class NoResultTest {

    @ParameterizedTest
    @MethodSource("dev.stagegraph.runtime.TestRunners#both")
    void noResultSkipsDependents_andReachesTheSinkInOrder(Runner runner) throws Exception {
        AtomicLong joinCalls = new AtomicLong();
        PipelineBuilder<Long> b = Pipeline.builder("sparse");
        Port<Long> detector = b.stage("detector", b.source(), () -> (in, ctx) -> { long frame = ctx.number(); return frame % 3 == 0 ? null : in; });
        Port<Long> size = b.stage("size", detector, () -> (in, frame) -> in * 2);
        Port<String> label = b.stage("label", b.source(), () -> (in, frame) -> "L" + in);
        Port<String> join = b.join("join", size, label, () -> (s, l, frame) -> {
            joinCalls.incrementAndGet();
            return l + ":" + s;
        });
        TestRunners.RecordingSink<Long, String> sink = new TestRunners.RecordingSink<>();
        RunReport report = runner.run(b.build(join), FrameSource.of(LongStream.range(0, 90).boxed().toList()), sink);

        assertEquals(90, report.completed());
        assertEquals(LongStream.range(0, 90).boxed().toList(), sink.frames);
        for (int f = 0; f < 90; f++) {
            if (f % 3 == 0) {
                assertNull(sink.results.get(f), "frame " + f);
            } else {
                assertEquals("L" + f + ":" + 2 * f, sink.results.get(f));
            }
        }
        assertEquals(60, joinCalls.get());
        assertEquals(60, report.stages().get(1).calls(), "size runs only when the detector had a result");
        assertEquals(90, report.stages().get(2).calls());
    }
}
