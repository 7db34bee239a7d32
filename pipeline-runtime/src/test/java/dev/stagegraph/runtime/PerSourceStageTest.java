package dev.stagegraph.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagegraph.FrameContext;
import dev.stagegraph.InvalidPipelineException;
import dev.stagegraph.Pipeline;
import dev.stagegraph.PipelineBuilder;
import dev.stagegraph.Port;
import dev.stagegraph.Runner;
import dev.stagegraph.Stage;
import dev.stagegraph.StageContext;
import dev.stagegraph.StageOptions;
import dev.stagegraph.report.RunReport;
import dev.stagegraph.source.Feed;
import dev.stagegraph.source.FrameSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Per-source stages (issue 13 item 2): one instance per source, opened once, fed only its own
 * source's frames, in order, told only of its own source's end; a stage after it shared by every
 * source still gets each source's frames in that source's order at the sink.
 */
class PerSourceStageTest {

    /** Records what one instance saw. */
    static final class Tracker implements Stage<Long, Long> {
        static final Map<Integer, List<String>> SEEN = new ConcurrentHashMap<>();
        static final Map<Integer, List<String>> ENDS = new ConcurrentHashMap<>();
        static final AtomicInteger OPENS = new AtomicInteger();
        private int me;
        private long count;

        @Override
        public void open(StageContext context) {
            OPENS.incrementAndGet();
            me = context.replica();
            assertEquals(3, context.replicas());
        }

        @Override
        public Long process(Long input, FrameContext frame) {
            SEEN.computeIfAbsent(me, k -> Collections.synchronizedList(new ArrayList<>())).add(frame.source() + ":" + frame.number());
            return count++;
        }

        @Override
        public void endOfStream(String source) {
            ENDS.computeIfAbsent(me, k -> Collections.synchronizedList(new ArrayList<>())).add(source);
        }
    }

    @Test
    void eachInstanceSeesOnlyItsSourcesFramesInOrder_andOnlyItsEnd() throws Exception {
        int[] lengths = {5, 200, 60};
        for (Runner runner : List.of(SequentialRunner.create(), ParallelRunner.builder().ringSize(8).build())) {
            Tracker.SEEN.clear();
            Tracker.ENDS.clear();
            Tracker.OPENS.set(0);
            PipelineBuilder<Long> b = Pipeline.builder("per-source");
            Port<Long> tracked = b.stage("tracker", b.source(), Tracker::new, StageOptions.defaults().perSource().ordered());
            Port<Long> shared = b.stage("shared", tracked, () -> (n, f) -> n * 10, StageOptions.defaults().replicas(2));
            List<Feed<Long>> feeds = new ArrayList<>();
            for (int k = 0; k < lengths.length; k++) {
                feeds.add(Feed.of(FrameSource.of(LongStream.range(0, lengths[k]).boxed().toList())).named("cam" + k));
            }
            MultiSourceTest.PerSource<Long, Long> sink = new MultiSourceTest.PerSource<>();
            RunReport report = runner.run(b.build(shared), feeds, sink, Map.of());

            assertEquals(3, Tracker.OPENS.get(), runner.mode() + ": one open per source");
            assertEquals(3, report.stages().get(0).replicas(), runner.mode());
            for (int k = 0; k < lengths.length; k++) {
                List<String> expected = new ArrayList<>();
                List<String> outcomes = new ArrayList<>();
                for (int n = 0; n < lengths[k]; n++) {
                    expected.add("cam" + k + ":" + n);
                    outcomes.add(n + " RESULT " + n * 10L);
                }
                assertEquals(expected, Tracker.SEEN.get(k), runner.mode() + ": instance " + k + " sees cam" + k + "'s frames only, in order");
                assertEquals(List.of("cam" + k), Tracker.ENDS.get(k), runner.mode() + ": instance " + k + " hears only its end");
                assertEquals(outcomes, sink.outcomes.get("cam" + k), runner.mode() + ": its own count per source, in order");
            }
        }
    }

    @Test
    void perSourceWithReplicas_isRejected() {
        PipelineBuilder<Long> b = Pipeline.builder("bad");
        InvalidPipelineException e = assertThrows(InvalidPipelineException.class,
                () -> b.stage("t", b.source(), () -> (in, f) -> in, StageOptions.defaults().perSource().replicas(2)));
        assertTrue(e.getMessage().contains("'t'") && e.getMessage().contains("perSource"), e.getMessage());
    }
}
