package dev.stagegraph.runtime;

import dev.stagegraph.ErrorPolicy;
import dev.stagegraph.report.FrameFailure;
import dev.stagegraph.report.StageTimeoutException;
import dev.stagegraph.spi.StageNode;

/**
 * One stage instance's error policy: what a failed call means for the run. Fail-fast stops the
 * run through the {@link FatalListener}; skip lets the frame end failed and goes on; restart
 * replaces the instance with a fresh one, up to {@code maxRestarts} within the policy's window
 * (kept as a ring of the last restart times), and escalates to fail-fast past that budget. A
 * {@link VirtualMachineError} is fatal under every policy.
 *
 * <p>Made with its {@link StageWorker}, for the instance's whole life. {@link #fail} and the restart
 * budget are confined to the instance's thread, as the worker is; {@code restarts} is a plain field
 * the runner reads after that thread has stopped. {@link #timedOut} is the {@link Watchdog}'s and
 * reads only final fields.
 */
final class ErrorHandling {
    private final StageWorker worker;
    private final StageNode node;
    private final ErrorPolicy.Kind policy;
    private final FatalListener fatal;
    /** When the last restarts happened ({@link System#nanoTime()}), a ring indexed by {@code restartCursor}. */
    private final long[] restartTimes;
    private int restartCursor;
    /** Restarts so far. */
    int restarts;

    ErrorHandling(StageWorker worker, FatalListener fatal) {
        this.worker = worker;
        this.node = worker.node;
        this.policy = node.errorPolicy().kind();
        this.restartTimes = new long[Math.max(1, node.errorPolicy().maxRestarts())];
        this.fatal = fatal;
    }

    /**
     * Applies the error policy to a failed call. A time-out the watchdog claimed is a failure of
     * the frame even when the run is already stopping for it, and under fail-fast the watchdog has
     * already reported it; a {@link StageTimeoutException} the stage threw itself is just an
     * exception.
     */
    Failed fail(long frame, Throwable t, boolean timedOut) {
        FrameFailure failure = new FrameFailure(node.name(), worker.replica, frame, t);
        boolean reportedByWatchdog = timedOut && policy == ErrorPolicy.Kind.FAIL_FAST;
        if (t instanceof VirtualMachineError || (policy == ErrorPolicy.Kind.FAIL_FAST && !reportedByWatchdog)) {
            fatal.onFatal(failure);
        } else if (policy == ErrorPolicy.Kind.RESTART) {
            restart(failure);
        }
        return new Failed(failure);
    }

    /** The watchdog claimed {@code frame} as timed out: under fail-fast that stops the run now, on the watchdog's thread. */
    void timedOut(long frame, StageTimeoutException e) {
        if (policy == ErrorPolicy.Kind.FAIL_FAST) {
            fatal.onFatal(new FrameFailure(node.name(), worker.replica, frame, e));
        }
    }

    /** Replaces the instance with a fresh one, or escalates when the restart budget is spent. */
    private void restart(FrameFailure failure) {
        long now = System.nanoTime();
        long oldest = restartTimes[restartCursor];
        if (restarts >= restartTimes.length && now - oldest < node.errorPolicy().window().toNanos()) {
            fatal.onFatal(new FrameFailure(node.name(), worker.replica, failure.frame(), new IllegalStateException(worker.describe()
                    + " failed " + (restartTimes.length + 1) + " times within " + node.errorPolicy().window()
                    + ", more than its restart policy allows; escalating to fail-fast", failure.cause())));
            return;
        }
        restartTimes[restartCursor] = now;
        restartCursor = (restartCursor + 1) % restartTimes.length;
        restarts++;
        try {
            worker.closeInstance();
        } catch (Throwable t) {
            failure.cause().addSuppressed(t);
        }
        try {
            worker.openInstance();
        } catch (Throwable t) {
            if (worker.halting(t)) {
                return;
            }
            fatal.onFatal(new FrameFailure(node.name(), worker.replica, failure.frame(),
                    new IllegalStateException(worker.describe() + " could not be restarted: its replacement failed to open", t)));
        }
    }
}
