package dev.stagegraph.runtime;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.Sequence;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;

/**
 * The timed wait a batched stage uses while its batch fills ({@link BatchLoop} through
 * {@link ProgressWaitStrategy#awaitProgress}): the stage waits for its next frame with a time-out
 * far longer than the test, re-checking after each wake-up, while the upstream advances its
 * sequence and signals. It must always wake on the signal; a lost wake-up would leave it asleep
 * until the time-out (an hour): jcstress reports that as STALE.
 */
@JCStressTest(Mode.Termination)
@Outcome(id = "TERMINATED", expect = Expect.ACCEPTABLE, desc = "the batch's waiter saw the next frame")
@Outcome(id = "STALE", expect = Expect.FORBIDDEN, desc = "the waiter missed the wake-up and sleeps until its time-out")
@State
public class ProgressWaitTimedWakeUpStress {
    private static final long HOUR = 3_600_000_000_000L;
    private final ProgressWaitStrategy strategy = new ProgressWaitStrategy();
    private final Sequence upstream = new Sequence();
    private final ProgressWaitWakeUpStress.NeverAlerted barrier = new ProgressWaitWakeUpStress.NeverAlerted() {
        @Override
        public long getCursor() {
            return upstream.get();
        }
    };

    @Actor
    public void waiter() throws AlertException, InterruptedException {
        while (barrier.getCursor() < 0) {
            strategy.awaitProgress(0, barrier, HOUR);
        }
    }

    @Signal
    public void release() {
        upstream.set(0);
        strategy.signalAllWhenBlocking();
    }
}
