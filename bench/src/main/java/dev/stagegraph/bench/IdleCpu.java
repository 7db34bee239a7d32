package dev.stagegraph.bench;

import com.lmax.disruptor.SleepingWaitStrategy;
import dev.stagegraph.Execution;
import dev.stagegraph.FrameSink;
import dev.stagegraph.runtime.ParallelRunner;
import dev.stagegraph.source.FrameSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * {@code idle-pipeline}: the CPU a started pipeline burns while its source delivers nothing, as a
 * share of one core: the CPU time of all its threads (ThreadMXBean) over the wall time. Measured
 * for the runtime's defaults and, for comparison, with the Disruptor's sleeping wait strategy.
 */
final class IdleCpu {
    static final long SECONDS = 5;
    static final long SLEEPING_WAIT_SECONDS = 1;

    private IdleCpu() {}

    static Section run() throws InterruptedException {
        double defaults = measure(ParallelRunner.create(), "idle", SECONDS);
        double sleeping = measure(ParallelRunner.builder().waitStrategy(SleepingWaitStrategy::new).build(), "idle-sleeping",
                SLEEPING_WAIT_SECONDS);
        JsonOut json = new JsonOut().put("name", "idle-pipeline").put("graph", "noop-diamond").put("seconds", SECONDS)
                .put("idleCpuPercent", defaults).put("idleCpuPercentSleepingWait", sleeping);
        List<String> rows = new ArrayList<>();
        rows.add(String.format(Locale.ROOT, "idle-pipeline: no frame for %d s, CPU of all its threads", SECONDS));
        rows.add(String.format(Locale.ROOT, "  runtime defaults         %6.2f %% of one core", defaults));
        rows.add(String.format(Locale.ROOT, "  sleeping wait strategy   %6.2f %% of one core (over %d s)", sleeping,
                SLEEPING_WAIT_SECONDS));
        return new Section(json, rows, List.of(new Goal("idleCpuPercent", defaults, 5, false)));
    }

    private static double measure(ParallelRunner runner, String name, long seconds) throws InterruptedException {
        Blocked source = new Blocked();
        try (Execution<Value> run = runner.start(NoopGraphs.diamond(name), source, FrameSink.discard())) {
            source.asked.await();
            Thread.sleep(250);
            List<Thread> threads = Threads.named("stagegraph-" + name + "-");
            long cpu0 = Threads.cpuNanos(threads);
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000);
            long cpu1 = Threads.cpuNanos(threads);
            long t1 = System.nanoTime();
            source.release.countDown();
            run.await();
            return 100.0 * (cpu1 - cpu0) / (t1 - t0);
        }
    }

    /** A source that delivers nothing until released, then ends. */
    private static final class Blocked implements FrameSource<Value> {
        final CountDownLatch asked = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public Value next(Value reuse) throws InterruptedException {
            asked.countDown();
            release.await();
            return null;
        }
    }
}
