package dev.stagegraph.runtime;

import dev.stagegraph.Batch;
import dev.stagegraph.FrameContext;
import java.util.Arrays;
import java.util.Objects;

/**
 * The {@link Batch} a batch stage sees, over the ring's own slots: the frames admitted so far, their
 * inputs, and the result or failure the stage sets for each, once. Valid only while the call it was
 * passed to runs ({@code inCall}); {@link BatchWorker} fills it, calls the stage and settles each
 * frame. A superclass of the worker rather than a field of it, so the batch the stage holds is the
 * worker itself and the worker reads the arrays directly. Its arrays are made once per instance.
 *
 * <p>Confined to the instance's thread.
 */
abstract class BatchView implements Batch<Object, Object> {
    static final byte OPEN = 0;
    static final byte RESULT = 1;
    static final byte FAILED = 2;

    final Slot[] slots;
    final Object[] inputs;
    final Object[] results;
    final Throwable[] failures;
    final byte[] state;
    int size;
    boolean inCall;

    BatchView(int max) {
        this.slots = new Slot[max];
        this.inputs = new Object[max];
        this.results = new Object[max];
        this.failures = new Throwable[max];
        this.state = new byte[max];
    }

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

    /** Empties the first {@code n} frames' entries and the batch. */
    void clear(int n) {
        Arrays.fill(slots, 0, n, null);
        Arrays.fill(inputs, 0, n, null);
        Arrays.fill(results, 0, n, null);
        Arrays.fill(failures, 0, n, null);
        Arrays.fill(state, 0, n, OPEN);
        size = 0;
    }
}
