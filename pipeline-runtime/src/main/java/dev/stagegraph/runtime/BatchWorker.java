package dev.stagegraph.runtime;

import dev.stagegraph.Batch;
import dev.stagegraph.report.FrameFailure;
import dev.stagegraph.report.StageTimeoutException;
import dev.stagegraph.spi.BatchInstance;
import dev.stagegraph.spi.StageNode;
import java.util.Optional;

/**
 * The batched step of one instance of a batch stage; the {@link BatchView} it extends is the
 * reusable {@link Batch} its stage sees. Frames are admitted one by one ({@link #admit}), the
 * stage is called once for all of them ({@link #flush}), and each frame's cell gets its own result
 * or failure. The batch holds the ring's own slots, so nothing is copied, and its arrays are made
 * once, so nothing is allocated per frame or per batch (an optional input's {@code Optional}
 * aside, as in {@link StageWorker}).
 *
 * <p>Its {@link StageWorker} keeps the instance, the error policy, the counters and the time limit
 * ({@link StageHost}): a batch call is one call for the watchdog (timed as its first frame's),
 * counts as one call per frame, and applies the policy once however many of its frames failed.
 *
 * <p>Confined to the instance's thread, as the worker is. The batch statistics are single-writer:
 * {@code batches} and {@code frames} are opaque stores for meters on other threads; the size
 * histogram and the wait recorder are read after the thread stopped.
 */
final class BatchWorker extends BatchView {
    private final StageWorker worker;
    private final StageNode node;
    private final int me;
    private final int input;
    private final boolean optional;
    private long firstTakenNanos;
    final BatchStats stats;

    BatchWorker(StageWorker worker) {
        super(worker.node.maxBatch());
        this.worker = worker;
        this.node = worker.node;
        this.me = node.index();
        this.input = node.input(0);
        this.optional = node.optional(0);
        this.stats = new BatchStats(node.maxBatch());
    }

    /** The sequential runner's path (and a batch of one in the parallel runner): one frame, one call. */
    void processOne(Slot slot) {
        if (admit(slot)) {
            flush();
        }
    }

    /**
     * Takes the frame into the batch if the stage must run on it. Otherwise settles its cell now,
     * as {@link StageWorker} does: a missing or failed input is passed on, a frame the sampling
     * skips has no result, a closed instance fails it; and its inline followers run.
     *
     * @return whether the frame joined the batch
     */
    boolean admit(Slot slot) {
        Object value = input == StageNode.SOURCE ? slot.input : slot.cells[input];
        Object arg = value;
        if (optional) {
            arg = value == null || value instanceof Failed ? Optional.empty() : Optional.of(value);
        } else if (value == null || value instanceof Failed) {
            if (worker.last != null && worker.last.selects(slot)) {
                worker.last.selected(slot, value);
            }
            settle(slot, value);
            return false;
        }
        if (node.sampled() && !node.runsOn(slot.frame, slot.timestampNanos, slot.previousTimestampNanos)) {
            worker.countSkipped();
            settle(slot, worker.last == null ? null : worker.last.reused(slot.feed));
            return false;
        }
        if (!worker.isOpen()) {
            slot.cells[me] = new Failed(new FrameFailure(node.name(), worker.replica, slot.frame,
                    new IllegalStateException(worker.describe() + " is not open: its restart failed, so the run is stopping")));
            followers(slot);
            return false;
        }
        if (size == 0) {
            firstTakenNanos = System.nanoTime();
        }
        slots[size] = slot;
        inputs[size] = arg;
        size++;
        return true;
    }

    private void settle(Slot slot, Object cell) {
        slot.cells[me] = cell;
        if (worker.timing()) {
            slot.startNanos[me] = 0;
            slot.endNanos[me] = worker.readyNanos(slot);
        }
        followers(slot);
    }

    private void followers(Slot slot) {
        for (StageWorker w : worker.inlineAfter) {
            w.process(slot);
        }
    }

    /**
     * Whether the pending batch must be called before this frame is admitted: the stage reuses its
     * last result and the frame would be skipped, while a frame of its source waits in the batch,
     * whose result the skipped frame must get (as the sequential runner gives it).
     */
    boolean mustFlushBefore(Slot slot) {
        if (worker.last == null || size == 0 || worker.last.selects(slot)) {
            return false;
        }
        for (int i = 0; i < size; i++) {
            if (slots[i].feed == slot.feed) {
                return true;
            }
        }
        return false;
    }

    /** How many frames wait in the batch. */
    int pending() {
        return size;
    }

    boolean full() {
        return size == slots.length;
    }

    /** When the batch's first frame was taken ({@link System#nanoTime()}). */
    long firstTakenNanos() {
        return firstTakenNanos;
    }

    /**
     * Calls the stage once on the batch, writes every frame's cell and runs the inline followers.
     * A throw (or a time-out) fails every frame of the batch; results already set are released.
     *
     * @return {@code false} if the run is halting: the frames stay unfinished, for the finisher to
     *     account for
     */
    boolean flush() {
        int n = size;
        if (n == 0) {
            return true;
        }
        long first = slots[0].frame;
        long start = worker.beginCall(first);
        long callStart = start != 0 ? start : System.nanoTime();
        Throwable thrown = null;
        inCall = true;
        try {
            ((BatchInstance) worker.instance()).processBatch(this);
        } catch (Throwable t) {
            thrown = t;
        } finally {
            inCall = false;
        }
        StageTimeoutException timeout = worker.endCall(first);
        long end = worker.countCall(start, n);
        stats.record(n, callStart - firstTakenNanos);
        if (timeout == null && thrown != null && worker.halting(thrown)) {
            releaseResults(n, null);
            clear(n);
            return false;
        }
        Throwable whole = timeout != null ? timeout : thrown;
        if (whole != null) {
            releaseResults(n, whole);
        }
        boolean policyApplied = false;
        for (int i = 0; i < n; i++) {
            Slot slot = slots[i];
            Throwable cause = whole != null ? whole : state[i] == FAILED ? failures[i] : null;
            Object cell;
            if (cause == null) {
                cell = results[i];
                if (worker.outputType == null && cell != null) {
                    worker.outputType = cell.getClass();
                }
            } else if (policyApplied) {
                cell = new Failed(new FrameFailure(node.name(), worker.replica, slot.frame, cause));
            } else {
                cell = worker.fail(slot.frame, cause, timeout != null);
                policyApplied = true;
            }
            slot.cells[me] = cell;
            if (worker.last != null) {
                worker.last.selected(slot, cell);
            }
            if (worker.timing()) {
                long ready = worker.readyNanos(slot);
                if (ready != 0) {
                    worker.queueWait().record(start - ready);
                }
                slot.startNanos[me] = start;
                slot.endNanos[me] = end;
            }
        }
        for (int i = 0; i < n; i++) {
            followers(slots[i]);
        }
        clear(n);
        return true;
    }

    /** Releases the results a failed (or halted) call had set: the runtime owned them from {@code result(i, v)} on. */
    private void releaseResults(int n, Throwable into) {
        for (int i = 0; i < n; i++) {
            Object value = results[i];
            if (value == null || !node.needsRelease(value) || seenBefore(value, i)) {
                continue;
            }
            try {
                node.release(value);
            } catch (Throwable t) {
                if (into != null) {
                    into.addSuppressed(t);
                }
            }
        }
    }

    private boolean seenBefore(Object value, int i) {
        for (int j = 0; j < i; j++) {
            if (results[j] == value) {
                return true;
            }
        }
        return false;
    }
}
