package dev.stagegraph.runtime;

import com.lmax.disruptor.Sequence;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The negative control for {@link ProgressWaitDekkerStress}: the per-frame signal as it was before
 * issue 10 (the sequence's release store, then a volatile read of the waiter count, no fence in
 * between), against the same waiter. The Java memory model lets the read pass the store, so "0, 0"
 * (a lost wake-up) is allowed here, and jcstress reports it as interesting when the hardware shows
 * it (x86 does: its store buffer). The fenced signal the runtime now uses forbids it.
 */
@JCStressTest
@Outcome(id = {"1, 1", "0, 1", "1, 0"}, expect = Expect.ACCEPTABLE, desc = "one side saw the other")
@Outcome(id = "0, 0", expect = Expect.ACCEPTABLE_INTERESTING, desc = "lost wake-up: what the unfenced per-frame signal allowed")
@State
public class UnfencedWakeUpControlStress {
    private static final VarHandle WAITERS;

    static {
        try {
            WAITERS = MethodHandles.lookup().findVarHandle(UnfencedWakeUpControlStress.class, "waiters", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Sequence upstream = new Sequence(-1);
    @SuppressWarnings("unused") // accessed through WAITERS
    private volatile int waiters;

    @Actor
    public void waiter(II_Result r) {
        WAITERS.getAndAdd(this, 1);
        r.r1 = upstream.get() >= 0 ? 1 : 0;
    }

    @Actor
    public void unfencedSignaller(II_Result r) {
        upstream.set(0);
        r.r2 = (int) WAITERS.getVolatile(this);
    }
}
