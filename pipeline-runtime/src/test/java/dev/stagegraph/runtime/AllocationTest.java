package dev.stagegraph.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagegraph.Execution;
import dev.stagegraph.Pipeline;
import dev.stagegraph.PipelineBuilder;
import dev.stagegraph.Port;
import dev.stagegraph.StageOptions;
import dev.stagegraph.report.RunReport;
import dev.stagegraph.source.FrameSource;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The runtime allocates nothing per frame in steady state: measured with the JVM's per-thread
 * allocation counters over every runtime thread (as Micrometer's allocation test does), between
 * two snapshots taken while the pipeline is paused. Stages and the source here allocate nothing
 * themselves: they pass their input on and the source reuses the frame objects it is handed back.
 */
class AllocationTest {
    private static final int WARMUP = 50_000;
    private static final int MEASURED = 200_000;
    /** Slack for one-off costs inside the window (a lock's queue node when a thread parks at the pauses). */
    private static final long SLACK_BYTES = 64 * 1024;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** Pauses the source at two frame numbers until the test has taken its snapshot. */
    static final class PausingSource implements FrameSource<long[]> {
        final CountDownLatch[] reached = {new CountDownLatch(1), new CountDownLatch(1)};
        final CountDownLatch[] resume = {new CountDownLatch(1), new CountDownLatch(1)};
        private final long[] pauses = {WARMUP, WARMUP + MEASURED};
        private long next;

        @Override
        public long[] next(long[] reuse) throws InterruptedException {
            for (int i = 0; i < pauses.length; i++) {
                if (next == pauses[i]) {
                    reached[i].countDown();
                    if (!resume[i].await(60, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the test never resumed the source");
                    }
                }
            }
            if (next++ == WARMUP + MEASURED + 10) {
                return null;
            }
            long[] frame = reuse != null ? reuse : new long[1];
            frame[0] = next;
            return frame;
        }
    }

    @Test
    void parallelRunnerAllocatesNothingPerFrame() throws Exception {
        assertTrue(THREADS.isThreadAllocatedMemorySupported());
        THREADS.setThreadAllocatedMemoryEnabled(true);
        PipelineBuilder<long[]> b = Pipeline.builder("alloc");
        Port<long[]> a = b.stage("a", b.source(), () -> (in, frame) -> in);
        Port<long[]> l = b.stage("l", a, () -> (in, frame) -> in);
        Port<long[]> r = b.stage("r", a, () -> (in, frame) -> in, StageOptions.defaults().replicas(2));
        Port<long[]> j = b.join("j", l, r, () -> (x, y, frame) -> x);
        CountDownLatch[] drained = {new CountDownLatch(1), new CountDownLatch(1)};
        AtomicLong delivered = new AtomicLong();
        PausingSource source = new PausingSource();
        Execution<long[]> run = ParallelRunner.builder().ringSize(64).build().start(b.build(j), source, TestRunners.results((frame, in, out) -> {
            long n = delivered.incrementAndGet();
            if (n == WARMUP) {
                drained[0].countDown();
            } else if (n == WARMUP + MEASURED) {
                drained[1].countDown();
            }
        }));

        long before = snapshotWhenDrained(source, 0, drained[0]);
        long after = snapshotWhenDrained(source, 1, drained[1]);
        RunReport report = run.await();

        assertEquals(WARMUP + MEASURED + 10, report.completed());
        long perMillion = (after - before) * 1_000_000 / MEASURED;
        assertTrue(after - before < SLACK_BYTES, "runtime threads allocated " + (after - before) + " bytes over " + MEASURED
                + " frames (" + perMillion + " per million frames)");
    }

    @Test
    void sequentialRunnerAllocatesNothingPerFrame() throws Exception {
        THREADS.setThreadAllocatedMemoryEnabled(true);
        PipelineBuilder<long[]> b = Pipeline.builder("alloc-seq");
        Port<long[]> a = b.stage("a", b.source(), () -> (in, frame) -> in);
        Port<long[]> l = b.stage("l", a, () -> (in, frame) -> in);
        Port<long[]> j = b.join("j", a, l, () -> (x, y, frame) -> x);
        long[] bytes = new long[2];
        FrameSource<long[]> source = new FrameSource<>() {
            private long next;

            @Override
            public long[] next(long[] reuse) {
                if (next == WARMUP) {
                    bytes[0] = THREADS.getCurrentThreadAllocatedBytes();
                } else if (next == WARMUP + MEASURED) {
                    bytes[1] = THREADS.getCurrentThreadAllocatedBytes();
                    return null;
                }
                next++;
                return reuse != null ? reuse : new long[1];
            }
        };
        RunReport report = SequentialRunner.create().run(b.build(j), source, TestRunners.results((frame, in, out) -> {}));

        assertEquals(WARMUP + MEASURED, report.completed());
        assertTrue(bytes[1] - bytes[0] < SLACK_BYTES, "the sequential loop allocated " + (bytes[1] - bytes[0]) + " bytes over "
                + MEASURED + " frames");
    }

    private static long snapshotWhenDrained(PausingSource source, int pause, CountDownLatch drained)
            throws InterruptedException {
        assertTrue(source.reached[pause].await(60, TimeUnit.SECONDS), "the source did not reach pause " + pause);
        assertTrue(drained.await(60, TimeUnit.SECONDS), "frames before pause " + pause + " were not delivered");
        long total = 0;
        for (Thread t : runtimeThreads()) {
            total += THREADS.getThreadAllocatedBytes(t.getId());
        }
        source.resume[pause].countDown();
        return total;
    }

    private static List<Thread> runtimeThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("stagegraph-alloc-")).toList();
    }
}
