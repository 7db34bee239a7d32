package dev.stagegraph.runtime;

import dev.stagegraph.report.FrameFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What decides whether a sequential run goes on: the requests other threads make (stop, abort),
 * interrupts, and the run's fatal failure. The running thread asks {@link #ending()} between
 * stage calls; {@link SequentialExecution} sets the requests.
 *
 * <p>Interrupts: the run's own interrupt (from abort) is absorbed before {@code await} returns,
 * with a handshake so it can't land after that ({@link #interruptState}). An interrupt from anyone
 * else reaching the running thread aborts the run; the flag is set again when {@code await}
 * returns.
 *
 * <p>Memory ordering: the requests, the interrupt flag and the running thread are volatile;
 * {@code fatal} and {@code otherErrors} are written by the running thread (and by the watchdog for
 * a time-out, as in the parallel runner) and read by the finisher after the run ended or under the
 * execution's lock.
 */
final class SequentialControl {
    private static final int RUNNING = 0;
    private static final int INTERRUPTING = 1;
    private static final int INTERRUPTED = 2;
    private static final int DONE = 3;

    volatile boolean stopRequested;
    private volatile boolean abortRequested;
    private volatile boolean interruptedFromOutside;
    /** Set with any of abort, an outside interrupt and the fatal failure: the one flag the running thread checks between calls. */
    private volatile boolean halted;
    volatile Thread runningThread;
    /** RUNNING, then DONE (the run ended first) or INTERRUPTING and INTERRUPTED (abort interrupted it). */
    private final AtomicInteger interruptState = new AtomicInteger();
    /** The failure that ends the run, or {@code null}; set through {@link #fail}. */
    private FrameFailure fatal;
    /** Errors besides the fatal one, reported with it. */
    final List<Throwable> otherErrors = new ArrayList<>();
    /** Records a fatal failure: the first ends the run, later ones are kept as other errors. */
    final FatalListener onFatal = f -> {
        if (fatal == null) {
            fail(f);
        } else {
            otherErrors.add(f.cause());
        }
    };

    /** Makes {@code f} the run's fatal failure. */
    void fail(FrameFailure f) {
        fatal = f;
        halted = true;
    }

    /** The failure that ends the run, or {@code null}. */
    FrameFailure fatal() {
        return fatal;
    }

    /** Abort was asked for: the run ends after the current call. */
    void requestAbort() {
        abortRequested = true;
        halted = true;
    }

    /** Whether abort was asked for. */
    boolean abortRequested() {
        return abortRequested;
    }

    /**
     * Whether a throwable on the running thread is the run being halted rather than a failure: the
     * run is aborting, or the thread was interrupted (by abort, or by someone who wants the run to
     * end: that aborts it).
     */
    boolean halting(Throwable t) {
        if (abortRequested) {
            return true;
        }
        if (Thread.currentThread().isInterrupted() || t instanceof InterruptedException
                || t instanceof java.nio.channels.ClosedByInterruptException || t instanceof java.io.InterruptedIOException) {
            interruptedFromOutside = true;
            halted = true;
            return true;
        }
        return false;
    }

    /** Whether the run must end now: aborted, interrupted from outside, or failed. Called by the running thread. */
    boolean ending() {
        if (halted) {
            return true;
        }
        if (Thread.currentThread().isInterrupted()) {
            if (interruptState.get() == RUNNING) {
                interruptedFromOutside = true; // abort's own interrupt comes after its request, with the state moved on
            }
            halted = true;
            return true;
        }
        return false;
    }

    /** Whether an interrupt of the thread running {@code await} (not the run's own) ended the run. */
    boolean endedByInterrupt() {
        return interruptedFromOutside;
    }

    /** Abort's interrupt of the running thread, at most once and never after the run ended. */
    void interruptRunning() {
        Thread running = runningThread;
        if (running != null && interruptState.compareAndSet(RUNNING, INTERRUPTING)) {
            running.interrupt();
            interruptState.set(INTERRUPTED);
        }
    }

    /** Clears abort's interrupt (waiting for it if abort is delivering it now), and restores an outside one. */
    void absorbOwnInterrupt() {
        if (!interruptState.compareAndSet(RUNNING, DONE)) {
            while (interruptState.get() != INTERRUPTED) {
                Thread.onSpinWait();
            }
            Thread.interrupted();
        }
        if (interruptedFromOutside) {
            Thread.currentThread().interrupt();
        }
    }
}
