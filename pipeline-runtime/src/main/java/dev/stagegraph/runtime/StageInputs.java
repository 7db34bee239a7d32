package dev.stagegraph.runtime;

import dev.stagegraph.spi.StageNode;
import java.util.Optional;

/**
 * The inputs of one stage instance: where each is read from in a slot (the source's frame or an
 * upstream stage's cell), which are optional, and the argument array its calls are made with. It
 * reads a frame's inputs into the arguments ({@link #gather}, or {@link #gatherPresent} on the
 * plain path), says what the cell passes on when the stage does not run, and when the inputs were
 * ready ({@link #readyNanos}). The array is made once, so nothing is allocated per frame (an
 * optional input's {@code Optional} aside).
 *
 * <p>Made with its {@link StageWorker} and confined to the instance's thread, as the worker is; the
 * arguments are cleared after every call, so no frame's value stays reachable from here.
 */
final class StageInputs {
    /** Marks "an input had no result" while scanning inputs; never stored in a cell. */
    static final Object NO_RESULT = new Object();

    private final int[] inputs;
    private final boolean[] optional;
    /** The arguments of the call being made; cleared after it. */
    final Object[] args;

    StageInputs(StageNode node) {
        this.inputs = new int[node.inputCount()];
        this.optional = new boolean[inputs.length];
        for (int k = 0; k < inputs.length; k++) {
            inputs[k] = node.input(k);
            optional[k] = node.optional(k);
        }
        this.args = new Object[inputs.length];
    }

    /**
     * Reads the frame's inputs into the arguments, and says whether the stage runs: {@code null} if
     * it does, else what its cell passes on. A failure upstream is passed on (the first, in input
     * order, wins over a missing result, so a frame with any failure on its path ends failed), a
     * missing result as {@link #NO_RESULT}; an optional input turns either into an empty
     * {@link Optional}.
     */
    Object gather(Slot slot) {
        Object[] cells = slot.cells;
        Object skip = null;
        for (int k = 0; k < inputs.length; k++) {
            Object value = inputs[k] == StageNode.SOURCE ? slot.input : cells[inputs[k]];
            if (optional[k]) {
                args[k] = value == null || value instanceof Failed ? Optional.empty() : Optional.of(value);
            } else if (value instanceof Failed) {
                skip = skip instanceof Failed ? skip : value;
            } else if (value == null) {
                skip = skip == null ? NO_RESULT : skip;
            } else {
                args[k] = value;
            }
        }
        return skip;
    }

    /**
     * The plain path's read, for inputs none of which is optional: reads them into the arguments
     * and returns {@code true}, or, at the first missing or failed one, clears what it read and
     * returns {@code false} (the frame then goes the general way).
     */
    boolean gatherPresent(Slot slot) {
        Object[] cells = slot.cells;
        for (int k = 0; k < inputs.length; k++) {
            Object value = inputs[k] == StageNode.SOURCE ? slot.input : cells[inputs[k]];
            if (value == null || value instanceof Failed) {
                clear(k);
                return false;
            }
            args[k] = value;
        }
        return true;
    }

    /** Whether any input is optional. */
    boolean anyOptional() {
        for (boolean o : optional) {
            if (o) {
                return true;
            }
        }
        return false;
    }

    /** Clears the arguments after a call. */
    void clear() {
        clear(args.length);
    }

    private void clear(int upTo) {
        for (int k = 0; k < upTo; k++) {
            args[k] = null;
        }
    }

    /**
     * When every input of this frame was ready: the latest of the upstream ends (or the frame's
     * arrival), or 0 if an upstream stage did not time this frame (its entry is older than the
     * frame: a sampled stage left it from an earlier frame in this slot).
     */
    long readyNanos(Slot slot) {
        long taken = slot.takenNanos;
        long ready = taken;
        for (int in : inputs) {
            if (in != StageNode.SOURCE) {
                long end = slot.endNanos[in];
                if (end < taken) {
                    return 0L;
                }
                ready = Math.max(ready, end);
            }
        }
        return ready;
    }
}
