package dev.stagegraph.runtime;

import com.lmax.disruptor.Sequence;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The Dekker half of {@link ProgressWaitStrategy}'s argument, on its real arming flag: a waiter
 * arms the strategy ({@code armed} exchanged to 1, a full fence, as {@code block} does) then reads
 * the sequence; a signaller stores the sequence and runs the strategy's own signal (a full fence,
 * then the flag), as every per-frame release does. At least one must see the other: "0, 0" (the waiter read the old
 * sequence and the signaller saw no waiter) is the lost wake-up the fence rules out.
 */
@JCStressTest
@Outcome(id = {"1, 1", "0, 1", "1, 0"}, expect = Expect.ACCEPTABLE, desc = "one side saw the other")
@Outcome(id = "0, 0", expect = Expect.FORBIDDEN, desc = "lost wake-up: neither saw the other")
@State
public class ProgressWaitDekkerStress {
    private final ProgressWaitStrategy strategy = new ProgressWaitStrategy();
    private final Sequence upstream = new Sequence(-1);

    @Actor
    public void waiter(II_Result r) {
        strategy.announceWaiter();
        r.r1 = upstream.get() >= 0 ? 1 : 0;
    }

    @Actor
    public void signaller(II_Result r) {
        upstream.set(0);
        r.r2 = strategy.signal() ? 1 : 0;
    }
}
