package dev.stagegraph.runtime;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * The keep-latest mailbox between a capture thread and the feeder: the capture side offers frames
 * 1 and 2 and closes; the feeder takes until the mailbox says it is closed and empty. Every frame
 * is taken or dropped exactly once, in order, and the newest is never lost.
 * Results: (first taken, second taken, dropped), 0 for none.
 */
@JCStressTest
@Outcome(id = "1, 2, 0", expect = Expect.ACCEPTABLE, desc = "both frames taken, in order")
@Outcome(id = "2, 0, 1", expect = Expect.ACCEPTABLE, desc = "frame 1 replaced by frame 2 before the feeder came")
@Outcome(expect = Expect.FORBIDDEN, desc = "a frame lost, taken twice or out of order")
@State
public class LatestFrameMailboxStress {
    private final LatestFrame<Long> box = new LatestFrame<>();

    @Actor
    public void capture(III_Result r) {
        int dropped = 0;
        for (long n = 1; n <= 2; n++) {
            LatestFrame.Holder<Long> h = box.spare();
            h.frame = n;
            h.number = n;
            if (box.offer(h) != null) {
                dropped++;
            }
        }
        box.close();
        r.r3 = dropped;
    }

    @Actor
    public void feeder(III_Result r) {
        LatestFrame.Holder<Long> first = box.take();
        r.r1 = first == null ? 0 : (int) first.number;
        if (first != null) {
            box.recycle(first);
            LatestFrame.Holder<Long> second = box.take();
            r.r2 = second == null ? 0 : (int) second.number;
        }
    }
}
