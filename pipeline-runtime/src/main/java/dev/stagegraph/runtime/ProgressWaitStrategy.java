package dev.stagegraph.runtime;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.WaitStrategy;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

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
 * <p>A blocked thread parks, and a signal unparks the sleepers whose own dependent sequence has
 * reached what they wait for (or whose barrier was alerted), one {@code unpark} each, and the few
 * due an early wake-up (below): no monitor, no herd of threads woken to find nothing and sleep
 * again, which on two cores costs the thread that has work its core. Each thread that ever blocks registers once (a {@link Waiter},
 * the only allocation, at its first block); a wait allocates nothing.
 *
 * <p>Early wake-ups: at low rates every stage thread of a pipeline sleeps between frames, and a
 * frame would pay one wake-up per hand-off, one after another. So a signal also wakes, after the
 * sleepers that can go on, those that wait for the newest frame in the ring (the ring's cursor
 * is at it: the pipeline was idle) while an upstream stage still works on it: their wake-up overlaps the upstream's. Such a
 * waiter spins and yields for about {@value #EARLY_WINDOW_NANOS} ns for its frame, then blocks
 * again, re-armed for the real signal. A waiter keeps a credit: an ordinary wake-up or an early
 * one that found its frame earns one, an early one that had to block again costs {@value Waiter#WASTED_EARLY_WAKE}, twice
 * that for the next miss in a row and so on, and it is woken early only while the credit is not
 * negative, so behind a slow stage early wake-ups soon become rare. An early wake-up is only ever
 * one more wake-up: the waiter re-checks and re-arms as after any other, so the protocol below is
 * unchanged ({@code ProgressWaitEarlyWakeUpStress} checks that the real signal still lands).
 *
 * <p>Memory ordering: a waiter writes what it waits for, arms its {@code wake} token and then counts
 * itself in {@code parked} with an atomic add (a full fence) before it re-reads the sequence; a
 * signaller issues a full fence after its sequence store before it reads {@code parked}. One of the
 * two sees the other, so no wake-up is lost (Dekker's argument). The signaller that finds a sleeper
 * ready claims its token with a compare-and-set and then unparks it, so later signals skip it until
 * it re-arms; a token claimed before the sleeper parks leaves a permit, so the sleeper's next {@code park} returns at
 * once and it re-checks. Every signal needs the fence, the per-frame one too: without it the
 * sequence store may still sit in the signaller's store buffer when it reads {@code parked} as 0,
 * while the waiter, counted in, reads the old sequence and sleeps until the next signal. The
 * jcstress tests in {@code src/jcstress/java} check both halves of the argument.
 */
final class ProgressWaitStrategy implements WaitStrategy {
    private static final int SPIN_TRIES = 100;
    private static final int YIELD_TRIES = 10;
    /** How long a waiter woken early waits, spinning and yielding, before it blocks again. */
    private static final long EARLY_WINDOW_NANOS = 100_000;
    private static final VarHandle PARKED;

    static {
        try {
            PARKED = MethodHandles.lookup().findVarHandle(ProgressWaitStrategy.class, "parked", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Object registry = new Object();
    private volatile Waiter[] waiters = new Waiter[0];
    /** Padding: {@code parked} is read by every signal, so it gets a cache line of its own. */
    @SuppressWarnings("unused")
    private long p01, p02, p03, p04, p05, p06, p07;
    /** Threads between counting themselves in and leaving {@code block}; accessed through {@code PARKED}. */
    @SuppressWarnings("unused")
    private volatile int parked;
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
                Waiter early = block(sequence, cursor, dependentSequence, barrier);
                if (early != null) {
                    available = awaitEarly(sequence, dependentSequence, barrier);
                    if (available >= sequence) {
                        early.paid();
                        return available;
                    }
                    early.wasted();
                }
            }
            tries--;
        }
        return available;
    }

    /**
     * After an early wake-up: spins, then yields, for about {@value #EARLY_WINDOW_NANOS} ns (about
     * one wake-up of the upstream thread on a virtual machine; the clock is read every eighth
     * yield), for the frame the upstream is working on; a yield gives the core to the upstream when
     * it needs it.
     *
     * @return the available sequence, or -1 if the window passed without it
     */
    private static long awaitEarly(long sequence, Sequence dependentSequence, SequenceBarrier barrier) throws AlertException {
        long deadline = System.nanoTime() + EARLY_WINDOW_NANOS;
        for (int i = 1; ; i++) {
            long available = dependentSequence.get();
            if (available >= sequence) {
                return available;
            }
            barrier.checkAlert();
            if (i < SPIN_TRIES) {
                Thread.onSpinWait();
            } else if ((i & 7) == 0 && System.nanoTime() - deadline > 0) {
                return -1;
            } else {
                Thread.yield();
            }
        }
    }

    /**
     * Parks until {@code sequence} is available behind {@code dependentSequence} or a signaller
     * wakes this thread early; returns {@code null} in the first case (the caller's loop then
     * reads the sequence as available) and the waiter in the second, so that the caller spins and
     * yields before it blocks again, waiting for a frame already in the ring.
     */
    private Waiter block(long sequence, Sequence cursor, Sequence dependentSequence, SequenceBarrier barrier)
            throws AlertException, InterruptedException {
        Waiter w = waiterFor(barrier);
        w.cursor = cursor;
        w.target = sequence;
        w.dependent = dependentSequence;
        while (true) {
            w.arm();
            announceWaiter();
            boolean early;
            try {
                if (dependentSequence.get() >= sequence) {
                    w.disarm();
                    return null;
                }
                barrier.checkAlert();
                LockSupport.park(this);
                early = w.disarm();
                if (Thread.interrupted()) {
                    throw new InterruptedException("interrupted while waiting for sequence " + sequence);
                }
            } catch (AlertException | InterruptedException | RuntimeException e) {
                w.disarm();
                throw e;
            } finally {
                PARKED.getAndAdd(this, -1);
            }
            if (early) {
                return w;
            }
            w.woke();
        }
    }

    /** The calling thread's waiter for {@code barrier}, registered at its first block. */
    private Waiter waiterFor(SequenceBarrier barrier) {
        Thread me = Thread.currentThread();
        for (Waiter w : waiters) {
            if (w.thread == me && w.barrier == barrier) {
                return w;
            }
        }
        synchronized (registry) {
            Waiter w = new Waiter(me, barrier);
            Waiter[] more = Arrays.copyOf(waiters, waiters.length + 1);
            more[more.length - 1] = w;
            waiters = more;
            return w;
        }
    }

    /**
     * A bounded wait, for a batched stage that waits for its batch to fill: parks until a signal
     * finds {@code sequence} available behind {@code barrier} (its {@link SequenceBarrier#getCursor()}),
     * the barrier is alerted, or {@code nanos} pass. The caller re-checks what it waits for; a
     * wake-up can come sooner (a permit left by a token claimed before it parked). The same protocol as
     * {@link #block}: arm, count in with a full fence, re-read, then park, so a signal that follows
     * the sequence store can't be missed.
     */
    void awaitProgress(long sequence, SequenceBarrier barrier, long nanos) throws AlertException, InterruptedException {
        if (nanos <= 0) {
            return;
        }
        Waiter w = waiterFor(barrier);
        w.dependent = null;
        w.target = sequence;
        w.arm();
        announceWaiter();
        try {
            barrier.checkAlert();
            if (barrier.getCursor() < sequence) {
                LockSupport.parkNanos(this, nanos);
                if (Thread.interrupted()) {
                    throw new InterruptedException("interrupted while waiting for sequence " + sequence);
                }
            }
        } finally {
            w.disarm();
            PARKED.getAndAdd(this, -1);
        }
    }

    @Override
    public void signalAllWhenBlocking() {
        signal();
    }

    /**
     * The signaller's half of the protocol, after its sequence store: a full fence, then, if any
     * thread is counted in, unpark each sleeper that can go on (its sequence is there, or its
     * barrier was alerted) and whose wake-up nobody has claimed yet; then, in a second pass, the
     * sleepers due an early wake-up ({@link #wakeEarly}).
     *
     * @return whether it saw a waiter (for the jcstress tests)
     */
    boolean signal() {
        VarHandle.fullFence();
        if ((int) PARKED.getVolatile(this) == 0) {
            return false;
        }
        Waiter[] all = waiters;
        boolean passedEarly = false;
        for (Waiter w : all) {
            if (!w.armed()) {
                continue;
            }
            if (w.reached() >= w.target || w.barrier.isAlerted()) {
                if (w.claim()) {
                    LockSupport.unpark(w.thread);
                }
            } else {
                passedEarly |= w.mayWakeEarly();
            }
        }
        if (passedEarly) {
            wakeEarly(all);
        }
        return true;
    }

    /**
     * The second pass of a signal, after the sleepers that can go on were woken: wakes the ones
     * that wait for the newest frame in the ring (the cursor is at it, so the pipeline was idle)
     * while their upstream works on it, so that their wake-up overlaps the upstream's instead of
     * following it. A waiter behind the cursor (a busy pipeline, where its upstream wakes it soon
     * anyway) is not woken early, nor one whose credit says early wake-ups have not paid.
     */
    private static void wakeEarly(Waiter[] all) {
        for (Waiter w : all) {
            if (w.armed() && w.dueEarly() && w.claimEarly()) {
                LockSupport.unpark(w.thread);
            }
        }
    }

    /** Threads counted in as waiting to block or blocked, for tests that need to know a waiter is asleep. */
    int parkedCount() {
        return (int) PARKED.getVolatile(this);
    }

    /** A waiter's half of the protocol: count itself in, with a full fence, before it re-reads the sequence. */
    void announceWaiter() {
        PARKED.getAndAdd(this, 1);
    }

    @Override
    public String toString() {
        return "ProgressWaitStrategy(spin " + SPIN_TRIES + ", yield " + YIELD_TRIES + ", then park; early wake-ups)";
    }
}
