package dev.stagegraph.runtime;

import java.util.Arrays;

/**
 * One preallocated entry of the ring: a frame and one output cell per stage.
 *
 * <p>Memory ordering: no field is volatile. The source thread writes {@code frame}, {@code input},
 * {@code endOfStream} and {@code takenNanos} before it publishes the slot's sequence (a release);
 * a stage writes its own cell, and only its own, before it advances its sequence (a release); a
 * reader reads a field only after acquiring the sequence of the thread that wrote it, through its
 * barrier. The sink clears the cells before it advances the sequence the source gates on, so the
 * next use of the slot starts clean. The timing arrays follow the cells' rule: each stage writes
 * its own entry.
 */
final class Slot {
    long frame;
    Object input;
    boolean endOfStream;
    long takenNanos;
    final Object[] cells;
    /** When each stage started this frame, or 0 if it did not run for it (timing on only). */
    final long[] startNanos;
    /** When each stage finished this frame, or when its inputs were ready if it did not run. */
    final long[] endNanos;

    Slot(int stages) {
        this.cells = new Object[stages];
        this.startNanos = new long[stages];
        this.endNanos = new long[stages];
    }

    /** The result of the stage at {@code index}: a value, {@code null} for no result, or {@link Failed}. */
    Object cell(int index) {
        return cells[index];
    }

    /** The first failure among the cells in topological order, or {@code null}. */
    Failed firstFailure() {
        for (Object cell : cells) {
            if (cell instanceof Failed failed) {
                return failed;
            }
        }
        return null;
    }

    void clearCells() {
        Arrays.fill(cells, null);
    }
}
