package dev.stagegraph.runtime;

import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A one-frame mailbox between a live source's capture thread and the thread that feeds the ring,
 * for {@link dev.stagegraph.source.LivePolicy#KEEP_LATEST}: a new frame replaces the waiting one, which the capture side
 * counts as dropped and reuses. Holders circulate between the two threads, so steady state
 * allocates nothing.
 *
 * <p>Threads: {@link #spare}, {@link #offer} and {@link #close} are called by the capture thread
 * only; {@link #take} and {@link #recycle} by the feeding thread only; {@link #abort} and
 * {@link #leftover} by anyone. Holder fields are written before the holder is published through an
 * atomic reference (a release) and read after it is taken from one (an acquire).
 *
 * <p>Free holders wait on a stack (intrusive, through {@link Holder#nextFree}), not in a single
 * cell: the feeder may recycle a second holder before the capture thread took the first (it was
 * descheduled between {@code offer} and {@code spare}), and a cell would drop one of them. One
 * thread pushes and one pops, so the stack's compare-and-set loops have no ABA problem: only the
 * popper removes, so the head it read can't have been removed and pushed back meanwhile.
 */
final class LatestFrame<S> {

    /** A captured frame with its number and capture time. */
    static final class Holder<S> {
        S frame;
        long number;
        long capturedNanos;
        long timestamp;
        /** The next free holder while this one is on the free stack; written before the push that publishes it. */
        Holder<S> nextFree;
    }

    private final AtomicReference<Holder<S>> latest = new AtomicReference<>();
    private final AtomicReference<Holder<S>> free = new AtomicReference<>();
    private volatile boolean closed;
    private volatile boolean aborted;
    private volatile Thread taker;
    /** Every holder made, by the capture thread while warming up; read by the finisher after that thread ended. */
    private final java.util.List<Holder<S>> made = new java.util.ArrayList<>();

    /** A holder to capture into: one the feeder recycled, else a new one (only while warming up). */
    Holder<S> spare() {
        while (true) {
            Holder<S> h = free.get();
            if (h == null) {
                Holder<S> fresh = new Holder<>();
                made.add(fresh);
                return fresh;
            }
            if (free.compareAndSet(h, h.nextFree)) {
                h.nextFree = null;
                return h;
            }
        }
    }

    /**
     * Makes {@code h} the waiting frame.
     *
     * @return the frame it replaced, now dropped and free for reuse, or {@code null}
     */
    Holder<S> offer(Holder<S> h) {
        Holder<S> replaced = latest.getAndSet(h);
        LockSupport.unpark(taker);
        return replaced;
    }

    /** No more frames will be offered; the waiting one, if any, is still taken. */
    void close() {
        closed = true;
        LockSupport.unpark(taker);
    }

    /** Wakes the feeder for good: {@link #take} returns {@code null} from now on. */
    void abort() {
        aborted = true;
        LockSupport.unpark(taker);
    }

    /**
     * Waits for a frame.
     *
     * @return the waiting frame, or {@code null} once closed and empty, or aborted
     */
    Holder<S> take() {
        taker = Thread.currentThread();
        while (!aborted) {
            Holder<S> h = latest.getAndSet(null);
            if (h != null) {
                return h;
            }
            if (closed) {
                return latest.getAndSet(null);
            }
            LockSupport.park(this);
        }
        return null;
    }

    /** Returns a holder whose frame the feeder has swapped for one to reuse. */
    void recycle(Holder<S> h) {
        while (true) {
            Holder<S> top = free.get();
            h.nextFree = top;
            if (free.compareAndSet(top, h)) {
                return;
            }
        }
    }

    /** Hands every frame the holders still carry to {@code sink}; for the finisher, after both threads ended. */
    void forEachFrame(java.util.function.Consumer<Object> sink) {
        for (Holder<S> h : made) {
            if (h.frame != null) {
                sink.accept(h.frame);
            }
        }
    }

    /** The frame still waiting when the run stopped, or {@code null}. */
    Holder<S> leftover() {
        return latest.getAndSet(null);
    }
}
