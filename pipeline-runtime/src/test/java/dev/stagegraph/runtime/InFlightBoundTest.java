package dev.stagegraph.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.lmax.disruptor.SleepingWaitStrategy;
import dev.stagegraph.FrameContext;
import dev.stagegraph.Pipeline;
import dev.stagegraph.PipelineBuilder;
import dev.stagegraph.Port;
import dev.stagegraph.Stage;
import dev.stagegraph.report.RunReport;
import dev.stagegraph.source.Feed;
import dev.stagegraph.source.FrameSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.RepeatedTest;

/**
 * A recorded source never has more than its in-flight bound of frames between its read and the
 * sink: when the runtime asks it for a frame, fewer than {@code maxInFlight} of its frames are
 * taken and not yet delivered. The feeds keep the sink's progress as last read and read it again
 * only when that leaves no room, so this checks the cached value can never let a source run ahead,
 * with one source (the ring's gating sequence) and with several (each source's own count), under
 * both the runtime's wait strategy and the Disruptor's sleeping one, with stages whose costs vary
 * at random so the bound is reached at every phase of a frame.
 */
class InFlightBoundTest {
    private static final int FRAMES = 3_000;

    /** Counts, per source, the frames the sink received; read by the sources' threads. */
    private static final class Delivered {
        final AtomicLongArray bySource;

        Delivered(int sources) {
            bySource = new AtomicLongArray(sources);
        }
    }

    /** A recorded source that checks the bound each time it is asked for a frame. */
    private static final class Checking implements FrameSource<Long> {
        private final int index;
        private final int bound;
        private final Delivered delivered;
        private long taken;
        long worst;

        Checking(int index, int bound, Delivered delivered) {
            this.index = index;
            this.bound = bound;
            this.delivered = delivered;
        }

        @Override
        public Long next(Long reuse) {
            if (taken == FRAMES) {
                return null;
            }
            worst = Math.max(worst, taken - delivered.bySource.get(index) + 1);
            return taken++;
        }

        @Override
        public String name() {
            return "cam" + index;
        }

        String describe() {
            return name() + " (bound " + bound + ")";
        }
    }

    /** A stage whose cost varies from frame to frame, by spinning, so it never sleeps. */
    static final class Jitter implements Stage<Long, Long> {
        private long sink;

        @Override
        public Long process(Long input, FrameContext context) {
            int spins = ThreadLocalRandom.current().nextInt(4) == 0 ? ThreadLocalRandom.current().nextInt(2_000) : 0;
            for (int i = 0; i < spins; i++) {
                sink += i ^ input;
            }
            return sink == 42 ? input + 1 : input;
        }
    }

    private static Pipeline<Long, Long> pipeline() {
        PipelineBuilder<Long> b = Pipeline.builder("bound");
        Port<Long> first = b.stage("first", b.source(), Jitter::new);
        return b.build(b.stage("second", first, Jitter::new));
    }

    @RepeatedTest(8)
    void oneRecordedSource_neverHasMoreThanItsBoundInFlight() throws Exception {
        for (boolean sleeping : new boolean[] {false, true}) {
            for (int bound : new int[] {1, 2, 3, 5, 7}) {
                Delivered delivered = new Delivered(1);
                Checking source = new Checking(0, bound, delivered);
                ParallelRunner.Builder builder = ParallelRunner.builder().ringSize(8).maxInFlight(bound);
                if (sleeping) {
                    builder.waitStrategy(SleepingWaitStrategy::new);
                }
                RunReport r = builder.build().run(pipeline(), source, o -> delivered.bySource.incrementAndGet(0));
                String where = source.describe() + (sleeping ? ", sleeping wait" : ", runtime's wait");
                assertEquals(FRAMES, r.completed(), where);
                assertEquals(bound, source.worst, "most frames in flight at a read, " + where);
            }
        }
    }

    @RepeatedTest(8)
    void severalRecordedSources_eachKeepsItsOwnBound() throws Exception {
        int[] bounds = {1, 3, 6};
        Delivered delivered = new Delivered(bounds.length);
        List<Checking> sources = new ArrayList<>();
        List<Feed<Long>> feeds = new ArrayList<>();
        for (int k = 0; k < bounds.length; k++) {
            Checking s = new Checking(k, bounds[k], delivered);
            sources.add(s);
            feeds.add(Feed.of((FrameSource<Long>) s).maxInFlight(bounds[k]));
        }
        RunReport r = ParallelRunner.builder().ringSize(8).build().run(pipeline(), feeds, o -> {
            int k = o.frame().source().charAt(3) - '0';
            delivered.bySource.incrementAndGet(k);
        }, Map.of());
        assertEquals((long) FRAMES * bounds.length, r.completed());
        for (Checking s : sources) {
            assertEquals(s.bound, s.worst, "most frames in flight at a read, " + s.describe());
        }
    }
}
