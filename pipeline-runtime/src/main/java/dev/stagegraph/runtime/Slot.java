package dev.stagegraph.runtime;

import dev.stagegraph.FrameContext;
import dev.stagegraph.spi.StageNode;
import java.util.Arrays;

/**
 * One preallocated entry of the ring: a frame, its context and one output cell per stage. It is
 * also the {@link FrameContext} every stage call of the frame receives, so handing stages their
 * context allocates nothing.
 *
 * <p>Memory ordering: no field is volatile. The source thread writes {@code frame}, {@code index},
 * {@code source}, {@code timestampNanos}, {@code input}, {@code endOfStream} and {@code takenNanos}
 * before it publishes the slot's sequence (a release); a stage writes its own cell, and only its
 * own, before it advances its sequence (a release); a stage fused onto the source writes its cell
 * before the source publishes (with several sources, on a staging slot whose cells the source
 * thread then moves here, see {@link #moveCell}); a reader reads a field only after acquiring the
 * sequence of the thread that wrote it, through its barrier. The sink clears the cells before it
 * advances the sequence the source gates on, so the next use of the slot starts clean. The timing
 * arrays follow the cells' rule: each stage writes its own entry.
 */
final class Slot implements FrameContext {
    /** The frame's number within its source (for the end-of-stream slot: how many frames the source numbered). */
    long frame;
    /** The frame's position among the frames taken, which deals frames to replicas. */
    long index;
    String source;
    long timestampNanos;
    Object input;
    boolean endOfStream;
    /** The position among the run's sources of the source whose frame (or end) this is. */
    int feed;
    /** The source that owns {@code input} (the object goes back to it for reuse and release). */
    int owner;
    long takenNanos;
    /** Whether stages that sample their timing time this frame (see {@link StageTiming}); set by the source. */
    boolean timed;
    /** The capture time of the previous frame its source put in the ring, or {@link Long#MIN_VALUE}: for sampled stages. */
    long previousTimestampNanos;
    final Object[] cells;
    /**
     * Per stage, a class of its values known to need no release ({@link StageNode#needsRelease}
     * depends only on the value's class), so the sink skips the interface check for it: on JDK 17
     * a failed {@code instanceof AutoCloseable} takes a slow path, four times a frame on the diamond.
     */
    private final Class<?>[] plainClass;
    /** When each stage started this frame, or 0 if it did not run for it (timing on only). */
    final long[] startNanos;
    /** When each stage finished this frame, or when its inputs were ready if it did not run. */
    final long[] endNanos;
    /**
     * Per stage that reuses its last result ({@link LastResults}): a value that stage retired on
     * this frame, released with the slot's cells; written by that stage only, like its cell.
     */
    final Object[] retired;

    Slot(int stages) {
        this.cells = new Object[stages];
        this.plainClass = new Class<?>[stages];
        this.startNanos = new long[stages];
        this.endNanos = new long[stages];
        this.retired = new Object[stages];
    }

    /** Fills the slot's frame fields for a frame just taken; {@code timestamp} is the source's, or {@link Long#MIN_VALUE}. */
    void take(long number, long dealIndex, String sourceName, Object frameObject, long timestamp, long taken) {
        frame = number;
        index = dealIndex;
        source = sourceName;
        input = frameObject;
        takenNanos = taken;
        timestampNanos = timestamp == Long.MIN_VALUE ? taken : timestamp;
        endOfStream = false;
    }

    @Override
    public long number() {
        return frame;
    }

    @Override
    public String source() {
        return source;
    }

    @Override
    public long timestampNanos() {
        return timestampNanos;
    }

    @Override
    public long takenNanos() {
        return takenNanos;
    }

    /** The result of the stage at {@code index}: a value, {@code null} for no result, or {@link Failed}. */
    Object cell(int stage) {
        return cells[stage];
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

    /**
     * Releases every cell value that holds native memory (exactly once: a value found in an earlier
     * cell or as the frame itself belongs to that owner; the cells of a stage that reuses its last
     * result are shared with other frames and released through {@link #retired}) and clears the cells.
     *
     * @return the first error a release threw, or {@code null}
     */
    Throwable releaseCells(StageNode[] nodes) {
        Throwable error = null;
        for (int i = 0; i < cells.length; i++) {
            Object value = cells[i];
            Object old = retired[i];
            if (old != null) {
                retired[i] = null;
                error = release(nodes[i], old, error);
            }
            if (value == null || value.getClass() == plainClass[i] || value instanceof Failed) {
                continue;
            }
            if (!nodes[i].needsRelease(value)) {
                plainClass[i] = value.getClass();
                continue;
            }
            if (ownedElsewhere(value, i) || nodes[i].reusesLastResult()) {
                continue;
            }
            error = release(nodes[i], value, error);
        }
        Arrays.fill(cells, null);
        return error;
    }

    private static Throwable release(StageNode node, Object value, Throwable error) {
        try {
            node.release(value);
        } catch (Throwable t) {
            return error == null ? t : error;
        }
        return error;
    }

    private boolean ownedElsewhere(Object value, int cell) {
        if (value == input) {
            return true;
        }
        for (int j = 0; j < cell; j++) {
            if (cells[j] == value) {
                return true;
            }
        }
        return false;
    }

    /**
     * Moves stage {@code stage}'s cell, its timing and what it retired from this slot to
     * {@code to}, leaving this slot's entries empty: a fused stage's output computed before
     * {@code to} was claimed (see {@link SlotPublisher#publishShared}).
     */
    void moveCell(int stage, Slot to) {
        to.cells[stage] = cells[stage];
        to.startNanos[stage] = startNanos[stage];
        to.endNanos[stage] = endNanos[stage];
        to.retired[stage] = retired[stage];
        cells[stage] = null;
        retired[stage] = null;
    }

    void clearCells() {
        Arrays.fill(cells, null);
    }
}
