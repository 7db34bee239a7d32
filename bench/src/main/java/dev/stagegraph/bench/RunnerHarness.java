package dev.stagegraph.bench;

import dev.stagegraph.Execution;
import dev.stagegraph.Pipeline;
import dev.stagegraph.Runner;
import java.util.ArrayList;
import java.util.List;

/**
 * A project runner, parallel or sequential, running one pipeline for as long as the harness lives
 * and fed in batches through a {@link Feed}. A driver thread waits in {@link Execution#await()};
 * for the sequential runner that is the thread that runs every stage.
 */
final class RunnerHarness implements Harness {
    private final Feed feed = new Feed();
    private final Execution<Value> execution;
    private final Thread driver;
    private final String threadPrefix;
    private volatile Throwable failure;

    RunnerHarness(Runner runner, Pipeline<Value, Value> pipeline) {
        this.threadPrefix = "stagegraph-" + pipeline.name() + "-";
        this.execution = runner.start(pipeline, feed.source(), feed.sink());
        this.driver = new Thread(this::drive, "bench-driver-" + pipeline.name());
        driver.setDaemon(true);
        driver.start();
    }

    private void drive() {
        try {
            execution.await();
        } catch (Throwable t) {
            failure = t;
            feed.fail(t);
        }
    }

    @Override
    public long run(int frames) {
        return feed.run(frames);
    }

    @Override
    public List<Thread> threads() {
        List<Thread> threads = new ArrayList<>(Threads.named(threadPrefix));
        threads.add(driver);
        return threads;
    }

    @Override
    public void close() {
        feed.end();
        Threads.joinAll(List.of(driver));
        execution.close();
        Throwable t = failure;
        if (t != null) {
            throw new IllegalStateException("the run failed", t);
        }
    }
}
