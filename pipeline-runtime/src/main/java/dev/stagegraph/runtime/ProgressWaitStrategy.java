package dev.stagegraph.runtime;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.WaitStrategy;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Waits on the sequence a consumer really depends on (an upstream stage's, not only the ring's
 * cursor) by spinning briefly, then yielding, then blocking until someone signals progress. It
 * never busy-spins for long, so it suits machines with more threads than cores, and a blocked
 * pipeline costs no CPU.
 *
 * <p>Unlike the Disruptor's {@code BlockingWaitStrategy}, which blocks only until the cursor moves
 * and then spins on the dependent sequence, this strategy needs every thread that advances a
 * sequence anybody waits on to call {@link #signalAllWhenBlocking()} afterwards: the ring buffer
 * does on publish, and the runtime's stage and sink loops do after each frame. That is why it is not
 * offered for hand-written Disruptor handlers, whose sequences advance without a signal.
 *
 * <p>Memory ordering: a waiter increments {@code waiters} (a full fence) before it re-reads the
 * sequence; a signaller issues a full fence after its sequence store before it reads
 * {@code waiters}. One of the two sees the other, so no wake-up is lost (Dekker's argument); the
 * waiter holds the monitor from its increment to its {@code wait}, so a signal that saw it arrives
 * after it sleeps. Every signal needs the fence, the per-frame one too: without it the sequence
 * store may still sit in the signaller's store buffer when it reads {@code waiters} as 0, while the
 * waiter, having incremented {@code waiters}, reads the old sequence and sleeps until the next
 * signal. The jcstress tests in {@code src/jcstress/java} check both halves of the argument. Blocking
 * uses the object monitor rather than a {@code Condition}, whose every {@code await} allocates a
 * queue node: this strategy allocates nothing.
 */
final class ProgressWaitStrategy implements WaitStrategy {
    private static final int SPIN_TRIES = 100;
    private static final int YIELD_TRIES = 10;
    private static final VarHandle WAITERS;

    static {
        try {
            WAITERS = MethodHandles.lookup().findVarHandle(ProgressWaitStrategy.class, "waiters", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Object monitor = new Object();
    @SuppressWarnings("unused") // accessed through WAITERS
    private volatile int waiters;

    @Override
    public long waitFor(long sequence, Sequence cursor, Sequence dependentSequence, SequenceBarrier barrier)
            throws AlertException, InterruptedException {
        long available;
        int tries = SPIN_TRIES + YIELD_TRIES;
        while ((available = dependentSequence.get()) < sequence) {
            barrier.checkAlert();
            if (tries > YIELD_TRIES) {
                Thread.onSpinWait();
            } else if (tries > 0) {
                Thread.yield();
            } else {
                return block(sequence, dependentSequence, barrier);
            }
            tries--;
        }
        return available;
    }

    private long block(long sequence, Sequence dependentSequence, SequenceBarrier barrier)
            throws AlertException, InterruptedException {
        long available;
        synchronized (monitor) {
            announceWaiter();
            try {
                while ((available = dependentSequence.get()) < sequence) {
                    barrier.checkAlert();
                    monitor.wait();
                }
            } finally {
                WAITERS.getAndAdd(this, -1);
            }
        }
        return available;
    }

    /**
     * A bounded wait, for a batched stage that waits for its batch to fill: blocks until some
     * thread signals progress or {@code nanos} pass, unless {@code sequence} is already available
     * behind {@code barrier}. The caller re-checks what it waits for; a wake-up can be spurious.
     * The same protocol as {@link #block}: count in with a full fence under the monitor, re-read,
     * then wait, so a signal that follows the sequence store can't be missed.
     */
    void awaitProgress(long sequence, SequenceBarrier barrier, long nanos) throws AlertException, InterruptedException {
        synchronized (monitor) {
            announceWaiter();
            try {
                barrier.checkAlert();
                if (nanos > 0 && barrier.getCursor() < sequence) {
                    monitor.wait(nanos / 1_000_000, (int) (nanos % 1_000_000));
                }
            } finally {
                WAITERS.getAndAdd(this, -1);
            }
        }
    }

    @Override
    public void signalAllWhenBlocking() {
        signal();
    }

    /**
     * The signaller's half of the protocol, after its sequence store: a full fence, then wake the
     * waiters if there are any.
     *
     * @return whether it saw a waiter (for the jcstress tests)
     */
    boolean signal() {
        VarHandle.fullFence();
        if ((int) WAITERS.getVolatile(this) != 0) {
            synchronized (monitor) {
                monitor.notifyAll();
            }
            return true;
        }
        return false;
    }

    /** A waiter's half of the protocol: count itself in, with a full fence, before it re-reads the sequence. */
    void announceWaiter() {
        WAITERS.getAndAdd(this, 1);
    }

    @Override
    public String toString() {
        return "ProgressWaitStrategy(spin " + SPIN_TRIES + ", yield " + YIELD_TRIES + ", then block)";
    }
}
