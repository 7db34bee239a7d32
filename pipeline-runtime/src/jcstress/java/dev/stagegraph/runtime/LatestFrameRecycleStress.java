package dev.stagegraph.runtime;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZ_Result;

/**
 * The mailbox's free holders: the feeder recycles holder B while the capture thread takes a spare,
 * with holder A already free (the capture thread was descheduled between {@code offer} and
 * {@code spare}). Neither A nor B may be lost: after both, two more spares hand out whichever is
 * left. Results: (A came back, B came back).
 */
@JCStressTest
@Outcome(id = "true, true", expect = Expect.ACCEPTABLE, desc = "no holder lost")
@Outcome(expect = Expect.FORBIDDEN, desc = "a recycled holder was lost (and a new one allocated instead)")
@State
public class LatestFrameRecycleStress {
    private final LatestFrame<Object> box = new LatestFrame<>();
    private final LatestFrame.Holder<Object> a = new LatestFrame.Holder<>();
    private final LatestFrame.Holder<Object> b = new LatestFrame.Holder<>();
    private LatestFrame.Holder<Object> captured;

    public LatestFrameRecycleStress() {
        box.recycle(a);
    }

    @Actor
    public void feeder() {
        box.recycle(b);
    }

    @Actor
    public void capture() {
        captured = box.spare();
    }

    @Arbiter
    public void check(ZZ_Result r) {
        LatestFrame.Holder<Object> x = box.spare();
        LatestFrame.Holder<Object> y = box.spare();
        r.r1 = captured == a || x == a || y == a;
        r.r2 = captured == b || x == b || y == b;
    }
}
