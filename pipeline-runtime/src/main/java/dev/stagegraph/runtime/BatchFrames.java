package dev.stagegraph.runtime;

import dev.stagegraph.Batch;
import dev.stagegraph.FrameContext;
import dev.stagegraph.spi.StageNode;
import java.util.Arrays;
import java.util.Objects;

/**
 * The frames of one pending batch, and the reusable {@link Batch} view its stage sees during the
 * call: the ring's own slots, the inputs, and what the stage set for each frame (a result or a
 * failure, once). The arrays are made once, so nothing is allocated per frame or per batch.
 *
 * <p>Owned by a {@link BatchWorker} and confined to the instance's thread, as the worker is; the
 * view is valid only between {@link #callStarted} and {@link #callEnded}, and every frame's entry is
 * cleared when the batch is done ({@link #clear}), so no frame stays reachable from here.
 */
final class BatchFrames implements Batch<Object, Object> {
    private static final byte OPEN = 0;
    private static final byte RESULT = 1;
    private static final byte FAILED = 2;

    private final StageNode node;
    private final Slot[] slots;
    private final Object[] inputs;
    private final Object[] results;
    private final Throwable[] failures;
    private final byte[] state;
    private int size;
    private boolean inCall;

    BatchFrames(StageNode node) {
        this.node = node;
        int max = node.maxBatch();
        this.slots = new Slot[max];
        this.inputs = new Object[max];
        this.results = new Object[max];
        this.failures = new Throwable[max];
        this.state = new byte[max];
    }

    /** Adds a frame, with the input its stage gets. */
    void add(Slot slot, Object input) {
        slots[size] = slot;
        inputs[size] = input;
        size++;
    }

    /** How many frames wait in the batch. */
    int pending() {
        return size;
    }

    boolean full() {
        return size == slots.length;
    }

    Slot slot(int i) {
        return slots[i];
    }

    /** The result the stage set for frame {@code i}, or {@code null}. */
    Object resultOf(int i) {
        return results[i];
    }

    /** The failure the stage set for frame {@code i}, or {@code null}. */
    Throwable failureOf(int i) {
        return state[i] == FAILED ? failures[i] : null;
    }

    void callStarted() {
        inCall = true;
    }

    void callEnded() {
        inCall = false;
    }

    /** Releases the results a failed (or halted) call had set: the runtime owned them from {@code result(i, v)} on. */
    void releaseResults(int n, Throwable into) {
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

    /** Empties the batch after its first {@code n} frames are done. */
    void clear(int n) {
        Arrays.fill(slots, 0, n, null);
        Arrays.fill(inputs, 0, n, null);
        Arrays.fill(results, 0, n, null);
        Arrays.fill(failures, 0, n, null);
        Arrays.fill(state, 0, n, OPEN);
        size = 0;
    }

    // ---- the stage's view ----

    @Override
    public int size() {
        checkInCall();
        return size;
    }

    @Override
    public Object input(int i) {
        checkInCall();
        return inputs[Objects.checkIndex(i, size)];
    }

    @Override
    public FrameContext context(int i) {
        checkInCall();
        return slots[Objects.checkIndex(i, size)];
    }

    @Override
    public void result(int i, Object value) {
        claim(i);
        results[i] = value;
        state[i] = RESULT;
    }

    @Override
    public void fail(int i, Throwable cause) {
        Objects.requireNonNull(cause, "cause");
        claim(i);
        failures[i] = cause;
        state[i] = FAILED;
    }

    private void claim(int i) {
        checkInCall();
        Objects.checkIndex(i, size);
        if (state[i] != OPEN) {
            throw new IllegalStateException("frame " + i + " of the batch (frame " + slots[i].frame + " of source '" + slots[i].source
                    + "') already has a " + (state[i] == RESULT ? "result" : "failure") + "; set each frame once");
        }
    }

    private void checkInCall() {
        if (!inCall) {
            throw new IllegalStateException("a Batch is valid only during the process(batch) call it was passed to; do not keep it");
        }
    }
}
