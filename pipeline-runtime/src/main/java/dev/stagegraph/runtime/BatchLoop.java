package dev.stagegraph.runtime;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.TimeoutException;
import com.lmax.disruptor.WaitStrategy;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;

/**
 * The parallel runner's loop for an instance of a batch stage with {@code maxBatch > 1}: the
 * single-frame loop of {@link ParallelExecution}, except that owned frames that need the stage
 * collect in a {@link BatchWorker} until it is full, the batch's first frame has waited
 * {@code maxDelay}, or an end of stream arrives, and the instance's sequence advances past a batch
 * only once the call for it returned.
 *
 * <pre>
 *   ring:   ... | n | n+1 | n+2 | n+3 | ...          barrier: all of n..n+3 are ready
 *                 ^ batch starts        ^ full, or deadline, or end of stream: call, write cells
 *   own sequence: n-1 ------------------------------------------------> n+3 (one release)
 * </pre>
 *
 * <p>Frames before a batch's first frame (other replicas', skipped ones) are passed at once, as in
 * the single-frame loop. For a stage that reuses its last result, a frame the sampling skips first
 * lets a pending batch with a frame of its source be called, so it gets that frame's result. The barrier already reports every ready slot, so taking a batch costs no
 * copy and no allocation. The wait for more frames is a timed block on the runtime's
 * {@link ProgressWaitStrategy} (the same fenced protocol its untimed block uses: every sequence
 * store is followed by a signal), so it does not spin; with another wait strategy it parks in
 * short steps. It never waits once the run is aborting, and an end-of-stream slot ends it at once.
 * Memory ordering is the ring's: the cells of a batch's frames are written before the one
 * release store of the instance's sequence that covers them.
 */
final class BatchLoop {
    /** Parking step when the wait strategy is not the runtime's own and can't be blocked on with a time-out. */
    private static final long PARK_NANOS = 50_000;

    private final StageWorker worker;
    private final BatchWorker batch;
    private final RingBuffer<Slot> ring;
    private final SequenceBarrier barrier;
    private final Sequence sequence;
    private final int sources;
    private final WaitStrategy strategy;
    private final ProgressWaitStrategy progress;
    private final BooleanSupplier aborting;
    private final BiConsumer<StageWorker, String> endOfStream;
    private final long maxDelayNanos;

    BatchLoop(StageWorker worker, RingBuffer<Slot> ring, SequenceBarrier barrier, Sequence sequence, int sources, WaitStrategy strategy,
            BooleanSupplier aborting, BiConsumer<StageWorker, String> endOfStream) {
        this.worker = worker;
        this.batch = worker.batch;
        this.ring = ring;
        this.barrier = barrier;
        this.sequence = sequence;
        this.sources = sources;
        this.strategy = strategy;
        this.progress = strategy instanceof ProgressWaitStrategy p ? p : null;
        this.aborting = aborting;
        this.endOfStream = endOfStream;
        this.maxDelayNanos = worker.node.maxDelay().toNanos();
    }

    /** Runs until every source ended (returns after advancing past the last end) or the run halts (returns or throws). */
    void run() throws AlertException, InterruptedException, TimeoutException {
        long next = 0;
        int ends = 0;
        long deadline = 0;
        while (true) {
            long available = barrier.waitFor(next);
            while (true) {
                for (; next <= available; next++) {
                    Slot slot = ring.get(next);
                    if (slot.endOfStream) {
                        if (!flush(next - 1)) {
                            return;
                        }
                        if (worker.hearsEndOf(slot.feed)) {
                            endOfStream.accept(worker, slot.source);
                        }
                        publish(next);
                        if (++ends == sources) {
                            return;
                        }
                        continue;
                    }
                    if (aborting.getAsBoolean() || !worker.isOpen()) {
                        return;
                    }
                    boolean owned = worker.owns(slot);
                    if (owned && batch.mustFlushBefore(slot) && !flush(next - 1)) {
                        return;
                    }
                    if (owned && batch.admit(slot)) {
                        if (batch.pending() == 1) {
                            deadline = batch.firstTakenNanos() + maxDelayNanos;
                        }
                        if (batch.full() && !flush(next)) {
                            return;
                        }
                    } else if (batch.pending() == 0) {
                        publish(next);
                    }
                }
                if (batch.pending() == 0) {
                    break;
                }
                long more = awaitMore(next, deadline);
                if (more < next) {
                    if (!flush(next - 1)) {
                        return;
                    }
                    break;
                }
                available = more;
            }
        }
    }

    /** Calls the stage on the pending batch, if any, and advances past {@code upTo}; {@code false} if the run is halting. */
    private boolean flush(long upTo) {
        if (batch.pending() == 0) {
            return true;
        }
        if (!batch.flush()) {
            return false;
        }
        publish(upTo);
        return true;
    }

    private void publish(long value) {
        sequence.set(value);
        strategy.signalAllWhenBlocking();
    }

    /**
     * Waits until {@code next} is ready (returns the highest ready sequence) or the deadline passes
     * or the run aborts (returns {@code next - 1}).
     */
    private long awaitMore(long next, long deadline) throws AlertException, InterruptedException, TimeoutException {
        while (true) {
            if (barrier.getCursor() >= next) {
                long ready = barrier.waitFor(next);
                if (ready >= next) {
                    return ready;
                }
                Thread.yield(); // a multi-producer ring: claimed, not yet published
            }
            barrier.checkAlert();
            long left = deadline - System.nanoTime();
            if (left <= 0 || aborting.getAsBoolean()) {
                return next - 1;
            }
            if (progress != null) {
                progress.awaitProgress(next, barrier, left);
            } else {
                LockSupport.parkNanos(Math.min(left, PARK_NANOS));
            }
        }
    }
}
