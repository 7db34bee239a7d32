package dev.stagegraph.runtime;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;

/**
 * The early wake-up of {@link ProgressWaitStrategy}: a stage waits for frame 0 of its upstream
 * while frame 0 is already in the ring (the cursor is there), so a signal that comes before the
 * upstream's may wake it early. The upstream then advances and signals at once, while the waiter
 * is still spinning, yielding or re-arming within its early window, and the waiter must still
 * see the frame. A wake-up lost to the early one would leave it asleep: STALE. The window running
 * out first, and the waiter blocking again, is {@code EarlyWakeUpTest} (a real ring, run many times).
 */
@JCStressTest(Mode.Termination)
@Outcome(id = "TERMINATED", expect = Expect.ACCEPTABLE, desc = "the waiter saw the frame")
@Outcome(id = "STALE", expect = Expect.FORBIDDEN, desc = "the early wake-up cost the real one: the waiter sleeps on")
@State
public class ProgressWaitEarlyWakeUpStress {
    private final ProgressWaitStrategy strategy = new ProgressWaitStrategy();
    private final Sequence cursor = new Sequence(0);
    private final Sequence upstream = new Sequence();
    private final SequenceBarrier barrier = new ProgressWaitWakeUpStress.NeverAlerted();

    @Actor
    public void waiter() throws AlertException, InterruptedException {
        strategy.waitFor(0, cursor, upstream, barrier);
    }

    @Signal
    public void earlyThenReal() {
        while (!strategy.signal()) {
            Thread.onSpinWait(); // until the waiter has counted itself in, so this signal wakes it early
        }
        upstream.set(0);
        strategy.signalAllWhenBlocking();
    }
}
