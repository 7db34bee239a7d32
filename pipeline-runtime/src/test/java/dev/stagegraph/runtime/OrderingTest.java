package dev.stagegraph.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagegraph.FrameContext;
import dev.stagegraph.Pipeline;
import dev.stagegraph.PipelineBuilder;
import dev.stagegraph.Port;
import dev.stagegraph.Stage;
import dev.stagegraph.StageOptions;
import dev.stagegraph.report.RunReport;
import dev.stagegraph.source.FrameSource;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Frames come out in input order whatever ran in parallel, and the central promise: a stage
 * instance is never entered by two threads at once.
 */
class OrderingTest {

    /** Takes a random 0–2 ms per frame (waiting, like I/O) and passes its input on. */
    static final class Jittery implements Stage<Long, Long> {
        private final SplittableRandom random;

        Jittery(long seed) {
            this.random = new SplittableRandom(seed);
        }

        @Override
        public Long process(Long input, FrameContext ctx) throws InterruptedException {
            long frame = ctx.number();
            TimeUnit.MICROSECONDS.sleep(random.nextInt(2_000));
            return input;
        }
    }

    @RepeatedTest(5)
    void resultsArriveInInputOrder_whenBranchCostsVaryPerFrame() throws Exception {
        PipelineBuilder<Long> b = Pipeline.builder("jitter");
        Port<Long> head = b.stage("head", b.source(), () -> new Jittery(1));
        Port<Long> left = b.stage("left", head, () -> new Jittery(2));
        Port<Long> right = b.stage("right", head, () -> new Jittery(3), StageOptions.defaults().replicas(3));
        Port<Long> join = b.join("join", left, right, () -> (l, r, ctx) -> {
            long frame = ctx.number();
            if (!l.equals(r) || l != frame) {
                throw new IllegalStateException("frame " + frame + " joined " + l + " with " + r);
            }
            return l;
        });
        TestRunners.RecordingSink<Long, Long> sink = new TestRunners.RecordingSink<>();
        RunReport report = ParallelRunner.builder().ringSize(16).build().run(b.build(join),
                FrameSource.of(LongStream.range(0, 300).boxed().toList()), sink);

        assertEquals(300, report.completed(), report.toTable());
        assertEquals(LongStream.range(0, 300).boxed().toList(), sink.frames);
        assertEquals(LongStream.range(0, 300).boxed().toList(), sink.results);
    }

    /** Flags any second thread that enters while another is inside; spins a little to widen the window. */
    static final class Exclusive implements Stage<Long, Long> {
        private final AtomicBoolean inUse = new AtomicBoolean();
        private final AtomicInteger violations;
        private final List<String> threads = new ArrayList<>();

        Exclusive(AtomicInteger violations) {
            this.violations = violations;
        }

        @Override
        public Long process(Long input, FrameContext ctx) {
            long frame = ctx.number();
            if (!inUse.compareAndSet(false, true)) {
                violations.incrementAndGet();
                return input;
            }
            try {
                if (threads.isEmpty() || !threads.get(threads.size() - 1).equals(Thread.currentThread().getName())) {
                    threads.add(Thread.currentThread().getName());
                }
                long until = System.nanoTime() + 2_000;
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
                return input;
            } finally {
                inUse.set(false);
            }
        }
    }

    @RepeatedTest(10)
    void stageInstanceIsNeverEnteredByTwoThreadsAtOnce() throws Exception {
        AtomicInteger violations = new AtomicInteger();
        List<Exclusive> instances = java.util.Collections.synchronizedList(new ArrayList<>());
        PipelineBuilder<Long> b = Pipeline.builder("exclusive");
        Port<Long> a = b.stage("a", b.source(), () -> track(instances, new Exclusive(violations)));
        Port<Long> l = b.stage("l", a, () -> track(instances, new Exclusive(violations)), StageOptions.defaults().replicas(2));
        Port<Long> r = b.stage("r", a, () -> track(instances, new Exclusive(violations)), StageOptions.defaults().replicas(3));
        Port<Long> j = b.join("j", l, r, () -> (x, y, frame) -> x);
        RunReport report = ParallelRunner.builder().ringSize(32).build().run(b.build(j),
                FrameSource.of(LongStream.range(0, 2_000).boxed().toList()), TestRunners.results((frame, in, out) -> {}));

        assertEquals(2_000, report.completed());
        assertEquals(0, violations.get(), "concurrent entries into one instance");
        assertEquals(6, instances.size());
        for (Exclusive e : instances) {
            assertTrue(e.threads.size() <= 1, "an instance was called from several threads: " + e.threads);
        }
    }

    private static Exclusive track(List<Exclusive> all, Exclusive e) {
        all.add(e);
        return e;
    }
}
