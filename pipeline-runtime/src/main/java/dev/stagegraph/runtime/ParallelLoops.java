package dev.stagegraph.runtime;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.TimeoutException;
import com.lmax.disruptor.WaitStrategy;
import dev.stagegraph.report.FrameFailure;

/**
 * The bodies of a parallel run's stage threads and of its sink thread. A stage loop waits on its
 * barrier, runs its instance on the frames it owns, in sequence order, and advances its sequence
 * after each frame, passing the clock from one call to the next within a batch (see
 * {@link StageWorker#process(Slot, long)}); the instance that hosts the sink delivers each frame
 * right after its call. The end-of-stream slot travels through like a frame; an alert (abort or a
 * failure) or the run's abort flag ends a loop at the next frame boundary, leaving the accounting to
 * the finisher. Stateless apart from what it was built with: one per run, shared by its threads.
 */
final class ParallelLoops<S, R> {
    private final ParallelExecution<S, R> run;
    private final RingBuffer<Slot> ring;
    private final Feeds<S> feeds;
    private final Delivery<S, R> delivery;
    private final StageWorker sinkHost;
    private final Sequence sinkSequence;
    private final SequenceBarrier sinkBarrier;
    private final WaitStrategy waitStrategy;
    private final ProgressWaitStrategy progressWait;

    ParallelLoops(ParallelExecution<S, R> run, RingBuffer<Slot> ring, Feeds<S> feeds, Delivery<S, R> delivery, StageWorker sinkHost,
            Sequence sinkSequence, SequenceBarrier sinkBarrier, WaitStrategy waitStrategy) {
        this.run = run;
        this.ring = ring;
        this.feeds = feeds;
        this.delivery = delivery;
        this.sinkHost = sinkHost;
        this.sinkSequence = sinkSequence;
        this.sinkBarrier = sinkBarrier;
        this.waitStrategy = waitStrategy;
        this.progressWait = waitStrategy instanceof ProgressWaitStrategy p ? p : null;
    }

    void runStage(StageWorker w, Party party, Sequence seq, SequenceBarrier barrier) {
        try {
            boolean open = false;
            try {
                w.open();
                open = true;
            } catch (Throwable t) {
                if (!run.abortRequested) {
                    run.onFatal(new FrameFailure(w.node.name(), w.replica, -1, t));
                }
            } finally {
                run.opened.countDown();
            }
            if (open) {
                loopOrFail(w, seq, barrier);
            }
        } finally {
            party.loopEnded();
            party.closeWhenAllowed(w::close);
        }
    }

    /**
     * Runs the loop; anything unexpected that escapes it (a broken wait strategy, a bug) fails the run
     * here, before the thread waits for its turn to close, which only a failed or finished run gives.
     */
    private void loopOrFail(StageWorker w, Sequence seq, SequenceBarrier barrier) {
        try {
            loop(w, seq, barrier);
        } catch (RuntimeException | Error e) {
            run.onFatal(new FrameFailure(w.node.name(), w.replica, -1,
                    new IllegalStateException("runtime thread " + Thread.currentThread().getName() + " failed", e)));
        }
    }

    private void loop(StageWorker w, Sequence seq, SequenceBarrier barrier) {
        boolean delivers = w == sinkHost;
        long next = 0;
        int ends = 0;
        try {
            if (w.batches()) {
                new BatchLoop(w, ring, barrier, seq, feeds.size(), waitStrategy, () -> run.abortRequested, this::endOfStream).run();
                return;
            }
            while (true) {
                long available = barrier.waitFor(next);
                long clock = 0L;
                for (; next <= available; next++) {
                    Slot slot = ring.get(next);
                    if (slot.endOfStream) {
                        if (w.hearsEndOf(slot.feed)) {
                            endOfStream(w, slot.source);
                        }
                        if (delivers) {
                            delivery.endOfStream(slot.frame, slot.feed, slot.source);
                        }
                        if (++ends == feeds.size()) {
                            if (delivers) {
                                run.endNanos = System.nanoTime();
                            }
                            advance(seq, next);
                            if (delivers) {
                                run.ended.countDown();
                            }
                            return;
                        }
                        release(seq, next);
                        continue;
                    }
                    if (run.abortRequested || !w.isOpen()) {
                        return;
                    }
                    if (w.owns(slot)) {
                        clock = w.process(slot, clock);
                    }
                    if (delivers && (clock = deliver(slot, clock)) == Delivery.NOT_DELIVERED) {
                        return;
                    }
                    release(seq, next);
                }
                waitStrategy.signalAllWhenBlocking();
            }
        } catch (AlertException | InterruptedException e) {
            // stopped by abort or a failure elsewhere; the finisher accounts for the frames
        } catch (TimeoutException e) {
            throw new IllegalStateException("the wait strategy timed out, which the runtime does not use", e);
        }
    }

    void runSink() {
        long next = 0;
        int ends = 0;
        try {
            while (true) {
                long available = sinkBarrier.waitFor(next);
                long clock = 0L;
                for (; next <= available; next++) {
                    Slot slot = ring.get(next);
                    if (slot.endOfStream) {
                        delivery.endOfStream(slot.frame, slot.feed, slot.source);
                        if (++ends == feeds.size()) {
                            run.endNanos = System.nanoTime();
                            advance(sinkSequence, next);
                            run.ended.countDown();
                            return;
                        }
                        release(sinkSequence, next);
                        continue;
                    }
                    if ((clock = deliver(slot, clock)) == Delivery.NOT_DELIVERED) {
                        return;
                    }
                    release(sinkSequence, next);
                }
                waitStrategy.signalAllWhenBlocking();
            }
        } catch (AlertException | InterruptedException e) {
            // stopped by abort or a failure
        } catch (TimeoutException e) {
            throw new IllegalStateException("the wait strategy timed out, which the runtime does not use", e);
        }
    }

    /**
     * The sink's step for one frame, on whichever thread delivers: nothing once the run is being
     * cut short (the finisher accounts for the frame), else hand it over and retire it from its
     * source's bound. Returns the delivering thread's clock (see {@link Delivery#deliver(Slot, long)}),
     * or {@link Delivery#NOT_DELIVERED} if the loop must stop.
     */
    private long deliver(Slot slot, long clock) {
        if (run.abortRequested) {
            return Delivery.NOT_DELIVERED;
        }
        long now = delivery.deliver(slot, clock);
        if (now != Delivery.NOT_DELIVERED && feeds.multi) {
            feeds.get(slot.feed).out.retire(slot);
        }
        return now;
    }

    /** Tells an instance that the source ended, unless the run is stopping on an error (inline functions have no end to hear). */
    private void endOfStream(StageWorker w, String sourceName) {
        if (run.abortRequested) {
            return;
        }
        FrameFailure failed = w.hearEndOf(sourceName);
        if (failed != null) {
            run.onFatal(failed);
        }
    }

    /** Advances a loop's sequence (a release store) and wakes whoever blocks on it, for certain. */
    private void advance(Sequence seq, long value) {
        seq.set(value);
        waitStrategy.signalAllWhenBlocking();
    }

    /**
     * Advances a loop's sequence after one frame of a batch, so a downstream stage can start on it
     * while this one goes on: a release store and, with the runtime's wait strategy, its fenced
     * wake-up (a full fence and a read of its parked count, an unpark only for a sleeper that can
     * go on), so a waiter that starts to block at this moment can't miss the frame.
     */
    private void release(Sequence seq, long value) {
        seq.set(value);
        if (progressWait != null) {
            progressWait.signalAllWhenBlocking();
        }
    }
}
