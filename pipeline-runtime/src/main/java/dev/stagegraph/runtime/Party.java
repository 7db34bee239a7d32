package dev.stagegraph.runtime;

import java.util.concurrent.CountDownLatch;

/**
 * The end of a runtime thread that owns something to close (a stage instance, the source): its
 * loop ends, then it waits to be told to close (so instances close in reverse topological order
 * and the source after every stage that reads its frames), then it closes on its own thread. So a
 * close that hangs holds up only that thread, never the one tearing the run down, and an instance
 * whose slow open finished after the teardown gave up on it is still closed, by its own thread.
 *
 * <p>Thread-safe: the owner calls {@link #loopEnded} and {@link #closeWhenAllowed}; the teardown
 * calls the rest. The latches order the owner's close after the teardown's permission and the
 * teardown's read of {@link #closeError()} after the close.
 */
final class Party {
    /** What the owner closes. */
    interface Closer {
        void close() throws Exception;
    }

    final String name;
    /** The owner's thread once known (a source's from its start, others' when they wait to close): named when a close overruns the stop bound. */
    volatile Thread thread;
    private final CountDownLatch loopDone = new CountDownLatch(1);
    private final CountDownLatch mayClose = new CountDownLatch(1);
    final CountDownLatch closed = new CountDownLatch(1);
    private volatile Throwable closeError;

    Party(String name) {
        this.name = name;
    }

    /** On the owner's thread: it will touch no frame again. */
    void loopEnded() {
        loopDone.countDown();
    }

    CountDownLatch loopDone() {
        return loopDone;
    }

    boolean hasLoopEnded() {
        return loopDone.getCount() == 0;
    }

    /** Lets the owner close. */
    void allowClose() {
        mayClose.countDown();
    }

    boolean hasClosed() {
        return closed.getCount() == 0;
    }

    /**
     * On the owner's thread: waits for permission, clears any interrupt the runtime sent to stop
     * the loop (it is not meant for {@code close}), then closes and records what it threw.
     */
    void closeWhenAllowed(Closer closer) {
        thread = Thread.currentThread();
        boolean waiting = true;
        while (waiting) {
            try {
                mayClose.await();
                waiting = false;
            } catch (InterruptedException e) {
                // the runtime's interrupt for the loop; keep waiting for permission
            }
        }
        Thread.interrupted();
        try {
            closer.close();
        } catch (Throwable t) {
            closeError = t;
        } finally {
            closed.countDown();
        }
    }

    /** What close threw, or {@code null}; read after {@link #hasClosed()}. */
    Throwable closeError() {
        return closeError;
    }
}
