package dev.stagegraph.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.RepeatedTest;

/**
 * The early wake-ups of {@link ProgressWaitStrategy} on a real ring: a stage that waits for its
 * upstream's frame 0 is woken when the source publishes frame 0 (it reads its upstream's sequence
 * again before the upstream moved), and when its early window passes without the frame it blocks
 * again and the upstream's own signal still wakes it. Run many times: the early wake-up races the
 * waiter's own block. The waits here are for states of the other thread (blocked, reading), each
 * with a deadline, not for time to pass; the early window is the only time involved, and it is
 * what the test lets run out.
 */
class EarlyWakeUpTest {
    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(5);

    /** An upstream stage's sequence that counts how often the waiter reads it. */
    static final class CountingSequence extends Sequence {
        final AtomicLong reads = new AtomicLong();

        @Override
        public long get() {
            reads.incrementAndGet();
            return super.get();
        }
    }

    @RepeatedTest(30)
    void aWaiterIsWokenEarlyByThePublish_andAfterItsWindowStillByItsUpstream() throws Exception {
        ProgressWaitStrategy wait = new ProgressWaitStrategy();
        RingBuffer<long[]> ring = RingBuffer.createSingleProducer(() -> new long[1], 8, wait);
        CountingSequence upstream = new CountingSequence();
        SequenceBarrier barrier = ring.newBarrier(upstream);
        CompletableFuture<Long> got = new CompletableFuture<>();
        Thread waiter = new Thread(() -> {
            try {
                got.complete(barrier.waitFor(0));
            } catch (Throwable t) {
                got.completeExceptionally(t);
            }
        }, "early-wake-up-waiter");
        waiter.start();
        awaitState(() -> wait.parkedCount() == 1 && waiter.getState() == Thread.State.WAITING, "the waiter to block");

        long readsAsleep = upstream.reads.get();
        ring.publish(ring.next());
        awaitState(() -> upstream.reads.get() > readsAsleep + 10,
                "the waiter, woken early by the publish of frame 0, to read its upstream's sequence again");
        awaitState(() -> wait.parkedCount() == 1 && waiter.getState() == Thread.State.WAITING,
                "the waiter to block again once its early window passed");
        assertFalse(got.isDone(), "the upstream has not reached frame 0, so the wait must not have returned");

        upstream.set(0);
        wait.signalAllWhenBlocking();
        assertEquals(0L, got.get(5, TimeUnit.SECONDS), "the upstream's signal must wake a waiter that an early wake-up did not pay for");
        waiter.join(TimeUnit.SECONDS.toMillis(5));
    }

    private static void awaitState(BooleanSupplier state, String what) {
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (!state.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out after 5 s waiting for " + what);
            }
            Thread.onSpinWait();
        }
    }
}
