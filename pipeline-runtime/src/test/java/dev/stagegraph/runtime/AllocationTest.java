package dev.stagegraph.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagegraph.Execution;
import dev.stagegraph.Pipeline;
import dev.stagegraph.PipelineBuilder;
import dev.stagegraph.Port;
import dev.stagegraph.StageOptions;
import dev.stagegraph.report.RunReport;
import dev.stagegraph.source.Feed;
import dev.stagegraph.source.FrameSource;
import dev.stagegraph.source.LivePolicy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
        private final boolean live;
        final CountDownLatch[] reached = {new CountDownLatch(1), new CountDownLatch(1)};
        final CountDownLatch[] resume = {new CountDownLatch(1), new CountDownLatch(1)};
        private final long[] pauses = {WARMUP, WARMUP + MEASURED};
        /** With {@code record}, the thread's allocated bytes at each pause, instead of pausing. */
        final long[] recorded = new long[2];
        private final boolean record;
        private long next;

        PausingSource(boolean live) {
            this(live, false);
        }

        PausingSource(boolean live, boolean record) {
            this.live = live;
            this.record = record;
        }

        @Override
        public boolean live() {
            return live;
        }

        @Override
        public long[] next(long[] reuse) throws InterruptedException {
            for (int i = 0; i < pauses.length; i++) {
                if (next == pauses[i] && record) {
                    recorded[i] = THREADS.getCurrentThreadAllocatedBytes();
                } else if (next == pauses[i]) {
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

    /** The parallel runner's variants: a recorded source, live sources under both dropping policies, meters, a trace. */
    @ParameterizedTest
    @ValueSource(strings = {"recorded", "drop-newest", "keep-latest", "meters", "trace"})
    void parallelRunnerAllocatesNothingPerFrame(String variant, @TempDir Path dir) throws Exception {
        assertTrue(THREADS.isThreadAllocatedMemorySupported());
        THREADS.setThreadAllocatedMemoryEnabled(true);
        PipelineBuilder<long[]> b = Pipeline.builder("alloc");
        Port<long[]> a = b.stage("a", b.source(), () -> (in, frame) -> in);
        Port<long[]> l = b.stage("l", a, () -> (in, frame) -> in);
        Port<long[]> r = b.stage("r", a, () -> (in, frame) -> in, StageOptions.defaults().replicas(2));
        Port<long[]> j = b.join("j", l, r, () -> (x, y, frame) -> x);
        ParallelRunner.Builder runner = ParallelRunner.builder().ringSize(64);
        boolean live = variant.equals("drop-newest") || variant.equals("keep-latest");
        switch (variant) {
            case "drop-newest" -> runner.livePolicy(LivePolicy.DROP_NEWEST);
            case "keep-latest" -> runner.livePolicy(LivePolicy.KEEP_LATEST);
            case "meters" -> runner.meterRegistry(new SimpleMeterRegistry());
            case "trace" -> runner.trace(dir.resolve("trace.json"), 100);
            default -> { }
        }
        PausingSource source = new PausingSource(live);
        Execution<long[]> run = runner.build().start(b.build(j), source, TestRunners.results((frame, in, out) -> {}));

        List<Thread> measured = runtimeThreads();
        Set<String> names = measured.stream().map(Thread::getName).collect(Collectors.toSet());
        assertTrue(names.containsAll(Set.of("stagegraph-alloc-a-0", "stagegraph-alloc-l-0", "stagegraph-alloc-r-0", "stagegraph-alloc-r-1",
                "stagegraph-alloc-j-0", "stagegraph-alloc-source")), "the thread filter missed some: " + names);
        if (variant.equals("keep-latest")) {
            assertTrue(names.contains("stagegraph-alloc-feeder"), String.valueOf(names));
        }
        long before = snapshotWhenDrained(source, 0, run, measured);
        long after = snapshotWhenDrained(source, 1, run, measured);
        RunReport report = run.await();
        run.close();

        assertEquals(WARMUP + MEASURED + 10, report.framesIn());
        assertEquals(report.framesIn(), report.completed() + report.dropped(), report.toTable());
        long perMillion = (after - before) * 1_000_000 / MEASURED;
        assertTrue(after - before < SLACK_BYTES, variant + ": runtime threads allocated " + (after - before) + " bytes over " + MEASURED
                + " frames (" + perMillion + " per million frames)");
    }

    /** Three sources in one run (a multi-producer ring, per-source room, frame objects parked per source), both runners. */
    @ParameterizedTest
    @ValueSource(strings = {"parallel", "sequential"})
    void threeSourcesAllocateNothingPerFrame(String mode) throws Exception {
        THREADS.setThreadAllocatedMemoryEnabled(true);
        PipelineBuilder<long[]> b = Pipeline.builder("alloc");
        Port<long[]> a = b.stage("a", b.source(), () -> (in, frame) -> in);
        Port<long[]> r = b.stage("r", a, () -> (in, frame) -> in, StageOptions.defaults().replicas(2));
        Port<long[]> j = b.join("j", a, r, () -> (x, y, frame) -> x);
        List<PausingSource> sources = List.of(new PausingSource(false), new PausingSource(false), new PausingSource(false));
        List<Feed<long[]>> feeds = List.of(Feed.of(sources.get(0)).named("a"), Feed.of(sources.get(1)).named("b").maxInFlight(8),
                Feed.of(sources.get(2)).named("c"));
        Pipeline<long[], long[]> p = b.build(j);
        long allocated;
        RunReport report;
        if (mode.equals("sequential")) {
            PausingSource recording = new PausingSource(false, true);
            feeds = List.of(Feed.of(recording).named("a"), feeds.get(1), feeds.get(2));
            for (PausingSource source : sources) {
                source.resume[0].countDown();
                source.resume[1].countDown();
            }
            report = SequentialRunner.create().run(p, feeds, TestRunners.results((frame, in, out) -> {}), Map.of());
            allocated = recording.recorded[1] - recording.recorded[0];
        } else {
            Execution<long[]> run = ParallelRunner.builder().ringSize(64).build().start(p, feeds, TestRunners.results((frame, in, out) -> {}),
                    Map.of());
            List<Thread> measured = runtimeThreads();
            Set<String> names = measured.stream().map(Thread::getName).collect(Collectors.toSet());
            assertTrue(names.containsAll(Set.of("stagegraph-alloc-source-a", "stagegraph-alloc-source-b", "stagegraph-alloc-source-c",
                    "stagegraph-alloc-j-0", "stagegraph-alloc-r-1")), "the thread filter missed some: " + names);
            long before = snapshotWhenAllDrained(sources, 0, run, measured);
            long after = snapshotWhenAllDrained(sources, 1, run, measured);
            report = run.await();
            run.close();
            allocated = after - before;
        }
        assertEquals(3 * (WARMUP + MEASURED + 10), report.completed());
        assertTrue(allocated < SLACK_BYTES, mode + ", three sources: runtime threads allocated " + allocated + " bytes over "
                + 3 * MEASURED + " frames");
    }

    /** As {@link #snapshotWhenDrained} with every source at its pause. */
    private static long snapshotWhenAllDrained(List<PausingSource> sources, int pause, Execution<long[]> run, List<Thread> measured)
            throws InterruptedException {
        for (PausingSource source : sources.subList(1, sources.size())) {
            assertTrue(source.reached[pause].await(60, TimeUnit.SECONDS), "a source did not reach pause " + pause);
        }
        long total = snapshotWhenDrained(sources.get(0), pause, run, measured);
        for (PausingSource source : sources) {
            source.resume[pause].countDown();
        }
        return total;
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

    /** Waits until the source sits at the pause and every frame taken is done, then sums the measured threads' allocations. */
    private static long snapshotWhenDrained(PausingSource source, int pause, Execution<long[]> run, List<Thread> measured)
            throws InterruptedException {
        assertTrue(source.reached[pause].await(60, TimeUnit.SECONDS), "the source did not reach pause " + pause);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (run.progress().done() + run.progress().dropped() < run.progress().framesIn()) {
            assertTrue(System.nanoTime() < until, "frames before pause " + pause + " were not delivered: " + run.progress());
            Thread.onSpinWait();
        }
        long total = 0;
        for (Thread t : measured) {
            long bytes = THREADS.getThreadAllocatedBytes(t.getId());
            assertTrue(bytes >= 0, t.getName() + " is not measured");
            total += bytes;
        }
        source.resume[pause].countDown();
        return total;
    }

    private static List<Thread> runtimeThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("stagegraph-alloc-")).toList();
    }
}
