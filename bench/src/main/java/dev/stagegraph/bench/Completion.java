package dev.stagegraph.bench;

import java.util.concurrent.locks.LockSupport;

/**
 * Tells the thread driving a batch when the batch's last result has been delivered. The consumer
 * side ({@link #deliver}) is called by one thread, in frame order; it costs one volatile read per
 * frame and one unpark per batch. The driver parks while it waits, so it takes no core from the
 * competitor it measures.
 *
 * <p>Memory ordering: the driver writes {@code target} (volatile) before it releases the batch's
 * frames; the consumer writes {@code checksum} before it writes {@code reached} (volatile), which
 * the driver reads before it reads {@code checksum}.
 */
final class Completion {
    private long delivered;
    private long checksum;
    private volatile long target;
    private volatile long reached;
    private volatile Thread waiter;
    private volatile Throwable failure;

    /** Called by the driver before it releases a batch; returns the count to wait for. */
    long expect(int frames) {
        waiter = Thread.currentThread();
        long t = target + frames;
        target = t;
        return t;
    }

    /** Called by the consumer for each result, in frame order. */
    void deliver(long result) {
        checksum += result;
        if (++delivered == target) {
            reached = delivered;
            LockSupport.unpark(waiter);
        }
    }

    /** Called by the consumer's side when the competitor failed: the driver stops waiting. */
    void fail(Throwable cause) {
        failure = cause;
        Thread w = waiter;
        if (w != null) {
            LockSupport.unpark(w);
        }
    }

    /** Called by the driver: waits until {@code count} results were delivered, returns the checksum. */
    long await(long count) {
        while (reached < count) {
            Throwable f = failure;
            if (f != null) {
                throw new IllegalStateException("the competitor failed", f);
            }
            LockSupport.park(this);
        }
        return checksum;
    }
}
