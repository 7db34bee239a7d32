package dev.stagegraph.runtime;

import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One thread that blocks on one barrier of a {@link ProgressWaitStrategy}: what it waits for, its
 * wake-up token and its credit for early wake-ups. Fields that only the waiter writes are written
 * before it arms; signallers read them after they read the strategy's parked count.
 */
final class Waiter {
    /** What the first early wake-up that found nothing within its window costs the credit; each one after it in a row costs twice the one before. */
    static final int WASTED_EARLY_WAKE = 32;
    private static final int MAX_PENALTY = 1 << 16;
    private static final int MAX_CREDIT = 8;
    private static final VarHandle WAKE;

    static {
        try {
            WAKE = MethodHandles.lookup().findVarHandle(Waiter.class, "wake", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Thread thread;
    final SequenceBarrier barrier;
    /** The sequence it waits on; {@code null} in a timed wait, which waits on the barrier's cursor. */
    Sequence dependent;
    long target;
    /** The ring's cursor: the frame it waits for is in the ring once this reaches {@code target}. */
    Sequence cursor;
    /**
     * Non-negative while waking this waiter early pays. Written by the waiter only, read by
     * signallers; a plain int, since a stale value costs one wake-up more or less, never a lost one.
     */
    private int credit;
    /** What the next early wake-up that finds nothing costs; written by the waiter only. */
    private int penalty = WASTED_EARLY_WAKE;
    /**
     * The wake-up token, accessed through {@code WAKE}: {@link #ARMED} while the waiter may sleep
     * and nobody has claimed its wake-up, {@link #CLAIMED_EARLY} once a signaller claimed it for an
     * early wake-up, 0 otherwise (disarmed, or claimed for an ordinary one). Keeping "early" in the
     * token, not in a field beside it, makes the waiter read what the claim that woke it said.
     */
    @SuppressWarnings("unused")
    private volatile int wake;
    private static final int ARMED = 1;
    private static final int CLAIMED_EARLY = 2;

    Waiter(Thread thread, SequenceBarrier barrier) {
        this.thread = thread;
        this.barrier = barrier;
    }

    /** The waiter's step before it counts itself in: it may sleep now, and nobody has claimed its wake-up. */
    void arm() {
        WAKE.setVolatile(this, ARMED);
    }

    /**
     * The waiter's step after its park returned, and whenever it leaves a wait: disarms the token
     * and says whether the claim that woke it was an early one. A signaller that claims after this
     * finds nothing to claim; one that claimed just before leaves a permit, so a later park returns
     * at once and the waiter re-checks.
     */
    boolean disarm() {
        return (int) WAKE.getAndSet(this, 0) == CLAIMED_EARLY;
    }

    /** Whether it may sleep and nobody claimed its wake-up yet. */
    boolean armed() {
        return (int) WAKE.getVolatile(this) == ARMED;
    }

    /** A signaller claims the wake-up; only the one that succeeds unparks it. */
    boolean claim() {
        return WAKE.compareAndSet(this, ARMED, 0);
    }

    /** A signaller claims the wake-up for an early one; only the one that succeeds unparks it. */
    boolean claimEarly() {
        return WAKE.compareAndSet(this, ARMED, CLAIMED_EARLY);
    }

    /** How far its sequence has come: the dependent sequence, or for a timed wait the barrier's cursor. */
    long reached() {
        Sequence d = dependent;
        return d != null ? d.get() : barrier.getCursor();
    }

    /** Whether a signaller may wake it before its sequence is there (never in a timed wait). */
    boolean mayWakeEarly() {
        return credit >= 0 && dependent != null;
    }

    /**
     * Whether a signaller may wake it early now: it may, and the frame it waits for is the newest
     * in the ring (the ring's cursor is at its target) while its own sequence is not there yet. With
     * several sources the cursor is the last slot claimed, perhaps not yet published; a wake-up for
     * it then waits a little longer. Reads the cursor once, and a waiter that never blocked in an
     * untimed wait has none.
     */
    boolean dueEarly() {
        Sequence c = cursor;
        long t = target;
        return mayWakeEarly() && c != null && c.get() == t && reached() < t;
    }

    /** An ordinary wake-up: one credit back. */
    void woke() {
        credit = Math.min(credit + 1, MAX_CREDIT);
    }

    /** An early wake-up found its frame: one credit, and the penalty back to its first step. */
    void paid() {
        woke();
        penalty = WASTED_EARLY_WAKE;
    }

    /**
     * An early wake-up had to block again: no early wake-up for the next {@code penalty} ordinary
     * ones, and twice that after the next miss in a row, so behind a stage that is always slower
     * than the window (a 3 ms detector) early wake-ups soon become rare.
     */
    void wasted() {
        credit = -penalty;
        penalty = Math.min(penalty * 2, MAX_PENALTY);
    }
}
