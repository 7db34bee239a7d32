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
 * <p>Memory ordering: a waiter arms the strategy ({@code armed} set to 1 with an atomic exchange,
 * a full fence) before it re-reads the sequence; a signaller issues a full fence after its sequence
 * store before it reads {@code armed}. One of the two sees the other, so no wake-up is lost (Dekker's
 * argument); the waiter holds the monitor from its arming to its {@code wait}, so a signal that saw
 * it arrives after it sleeps. Every signal needs the fence, the per-frame one too: without it the
 * sequence store may still sit in the signaller's store buffer when it reads {@code armed} as 0,
 * while the waiter, having armed, reads the old sequence and sleeps until the next signal. The
 * jcstress tests in {@code src/jcstress/java} check both halves of the argument.
 *
 * <p>Signals coalesce: the signaller that finds the strategy armed disarms it (an exchange) and only
 * then takes the monitor and notifies, and every waiter re-arms before it waits again. So once the
 * sleepers are woken, the frames that follow cost their signallers a fence and a read of a line
 * nobody writes, not a monitor and a {@code notifyAll} each, until somebody blocks again. A stale
 * arm (a waiter that left on an alert) costs one spurious notify. Blocking uses the object monitor
 * rather than a {@code Condition}, whose every {@code await} allocates a queue node: this strategy
 * allocates nothing.
 */
final class ProgressWaitStrategy implements WaitStrategy {
    private static final int SPIN_TRIES = 100;
    private static final int YIELD_TRIES = 10;
    private static final VarHandle ARMED;

    static {
        try {
            ARMED = MethodHandles.lookup().findVarHandle(ProgressWaitStrategy.class, "armed", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Object monitor = new Object();
    /** Padding: {@code armed} is read by every signal, so it gets a cache line of its own. */
    @SuppressWarnings("unused")
    private long p01, p02, p03, p04, p05, p06, p07;
    /** 1 while a waiter may be asleep on the monitor; accessed through {@code ARMED}. */
    @SuppressWarnings("unused")
    private volatile int armed;
    @SuppressWarnings("unused")
    private long p11, p12, p13, p14, p15, p16, p17;

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
        synchronized (monitor) {
            while (true) {
                announceWaiter();
                long available = dependentSequence.get();
                if (available >= sequence) {
                    return available;
                }
                barrier.checkAlert();
                monitor.wait();
            }
        }
    }

    @Override
    public void signalAllWhenBlocking() {
        signal();
    }

    /**
     * The signaller's half of the protocol, after its sequence store: a full fence, then, if the
     * strategy is armed, disarm it and wake the waiters.
     *
     * @return whether it saw a waiter (for the jcstress tests)
     */
    boolean signal() {
        VarHandle.fullFence();
        if ((int) ARMED.getVolatile(this) != 0) {
            if ((int) ARMED.getAndSet(this, 0) != 0) {
                synchronized (monitor) {
                    monitor.notifyAll();
                }
            }
            return true;
        }
        return false;
    }

    /** A waiter's half of the protocol: arm the strategy, with a full fence, before it re-reads the sequence. */
    void announceWaiter() {
        ARMED.getAndSet(this, 1);
    }

    @Override
    public String toString() {
        return "ProgressWaitStrategy(spin " + SPIN_TRIES + ", yield " + YIELD_TRIES + ", then block)";
    }
}
