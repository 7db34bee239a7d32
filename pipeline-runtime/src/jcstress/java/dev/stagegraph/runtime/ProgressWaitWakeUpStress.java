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
 * The signal/block protocol of {@link ProgressWaitStrategy}: a stage waits for frame 0 of its
 * upstream while the upstream advances its sequence and signals, as {@code ParallelExecution}'s
 * per-frame release does. The waiter may be anywhere (spinning, yielding, entering the monitor,
 * asleep) when the signal comes; it must always wake up. A lost wake-up would leave it asleep:
 * jcstress reports that as STALE.
 */
@JCStressTest(Mode.Termination)
@Outcome(id = "TERMINATED", expect = Expect.ACCEPTABLE, desc = "the waiter saw the frame")
@Outcome(id = "STALE", expect = Expect.FORBIDDEN, desc = "the waiter missed the wake-up and sleeps on")
@State
public class ProgressWaitWakeUpStress {
    private final ProgressWaitStrategy strategy = new ProgressWaitStrategy();
    private final Sequence upstream = new Sequence();
    private final SequenceBarrier barrier = new NeverAlerted();

    @Actor
    public void waiter() throws AlertException, InterruptedException {
        strategy.waitFor(0, upstream, upstream, barrier);
    }

    @Signal
    public void release() {
        upstream.set(0);
        strategy.signalAllWhenBlocking();
    }

    /** A barrier nobody alerts: only the signal can end the wait. */
    static class NeverAlerted implements SequenceBarrier {
        @Override
        public long waitFor(long sequence) {
            throw new UnsupportedOperationException("the strategy is called directly");
        }

        @Override
        public long getCursor() {
            return -1;
        }

        @Override
        public boolean isAlerted() {
            return false;
        }

        @Override
        public void alert() {}

        @Override
        public void clearAlert() {}

        @Override
        public void checkAlert() {}
    }
}
