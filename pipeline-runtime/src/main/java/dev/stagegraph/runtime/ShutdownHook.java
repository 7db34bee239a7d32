package dev.stagegraph.runtime;

import dev.stagegraph.Execution;
import dev.stagegraph.PipelineFailedException;
import dev.stagegraph.report.RunReport;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Makes Ctrl-C (SIGINT, SIGTERM: a JVM shutdown) stop a run cleanly and still print its report.
 * On shutdown the hook drains the run ({@link Execution#stop()}), aborts it if the drain takes
 * longer than the timeout, and hands the report to the printer. The report is printed exactly once,
 * by whichever comes first: {@link #await()} on the main thread or the hook.
 *
 * <pre>{@code
 * Execution<Frame> run = runner.start(pipeline, source, sink);
 * try (ShutdownHook hook = ShutdownHook.install(run, Duration.ofSeconds(5), r -> System.out.print(r.toTable()))) {
 *     hook.await();
 * }
 * }</pre>
 *
 * <p>Thread-safe. Closing it removes the hook; the JVM's shutdown threads are not otherwise touched.
 */
public final class ShutdownHook implements AutoCloseable {
    private final Execution<?> run;
    private final Duration drainTimeout;
    private final Consumer<RunReport> printer;
    private final AtomicBoolean claimed = new AtomicBoolean();
    private final CountDownLatch printed = new CountDownLatch(1);
    private final Thread hook;

    private ShutdownHook(Execution<?> run, Duration drainTimeout, Consumer<RunReport> printer) {
        this.run = run;
        this.drainTimeout = drainTimeout;
        this.printer = printer;
        this.hook = new Thread(this::onShutdown, "stagegraph-shutdown");
    }

    /**
     * Installs a JVM shutdown hook for {@code run}.
     *
     * @param run the running execution
     * @param drainTimeout how long a shutdown lets the frames in flight finish before aborting
     * @param printer receives the report once, on the main thread or the hook's
     * @return the hook; close it when the run is over
     */
    public static ShutdownHook install(Execution<?> run, Duration drainTimeout, Consumer<RunReport> printer) {
        ShutdownHook h = new ShutdownHook(Objects.requireNonNull(run, "run"), Objects.requireNonNull(drainTimeout, "drainTimeout"),
                Objects.requireNonNull(printer, "printer"));
        Runtime.getRuntime().addShutdownHook(h.hook);
        return h;
    }

    /**
     * Waits for the run, hands its report to the printer (unless the hook already did) and returns
     * it.
     *
     * @return the report
     * @throws PipelineFailedException as {@link Execution#await()}, after the report was printed
     * @throws InterruptedException if the waiting thread was interrupted
     */
    public RunReport await() throws InterruptedException {
        try {
            RunReport report = run.await();
            print(report);
            return report;
        } catch (PipelineFailedException e) {
            print(e.report());
            throw e;
        }
    }

    private void print(RunReport report) {
        if (claimed.compareAndSet(false, true)) {
            try {
                printer.accept(report);
            } finally {
                printed.countDown();
            }
        }
    }

    /**
     * Drains, aborts after the timeout, prints. The abort returns a report whatever happened, so
     * the hook prints one even when a stage hangs or the run failed; nothing the run throws kills
     * the hook thread before that.
     */
    private void onShutdown() {
        try {
            run.stop();
            RunReport report = null;
            if (!run.awaitEnd(drainTimeout)) {
                report = run.abort(drainTimeout);
            }
            try {
                report = run.await();
            } catch (PipelineFailedException e) {
                report = e.report();
            } catch (RuntimeException e) {
                if (report == null) {
                    report = run.abort(drainTimeout);
                }
            }
            print(report);
            printed.await(drainTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Removes the hook; does nothing once the JVM is shutting down. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shutdownInProgress) {
            // the hook is running or has run
        }
    }
}
