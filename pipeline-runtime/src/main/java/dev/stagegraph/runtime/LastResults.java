package dev.stagegraph.runtime;

import dev.stagegraph.spi.StageNode;

/**
 * The last result of a sampled stage per source, for {@code reuseLastResult}: a frame the sampling
 * selects sets it (its value, or none if the frame got no result or failed), a frame it skips gets
 * it in its cell. The stage runs as one instance per source or one instance in all (the builder
 * refuses replicas), so the instance that writes a skipped frame's cell has seen every earlier
 * frame of that source: no value crosses threads but through the ring.
 *
 * <p>Ownership: a shared value sits in the cells of several frames, so the slots never release
 * this stage's cells ({@link Slot#releaseCells} skips them). When a newer selected frame replaces
 * a value, the value is handed to that frame's slot to release with it ({@link Slot#retired}):
 * its source's frames leave the ring in order, so every earlier frame that carried it is done by
 * then. The values still current when the run ends are released by {@link #releaseAll} when the
 * instance closes for good, after the last frame was delivered or accounted for.
 *
 * <p>Confined to the instance's thread, as its {@link StageWorker}.
 */
final class LastResults {
    private final StageNode node;
    private Object[] last = new Object[1];

    LastResults(StageNode node) {
        this.node = node;
    }

    /** The value a skipped frame of source {@code feed} reuses, or {@code null}. */
    Object reused(int feed) {
        return feed < last.length ? last[feed] : null;
    }

    /** Whether the sampling selects this frame (the stage runs on it unless an input is missing). */
    boolean selects(Slot slot) {
        return node.runsOn(slot.frame, slot.timestampNanos, slot.previousTimestampNanos);
    }

    /** A selected frame got {@code cell} (a value, {@code null}, or a failure): it becomes its source's last result. */
    void selected(Slot slot, Object cell) {
        int feed = slot.feed;
        if (feed >= last.length) {
            last = java.util.Arrays.copyOf(last, feed + 1);
        }
        Object value = cell instanceof Failed ? null : cell;
        Object old = last[feed];
        if (old != null && old != value && node.needsRelease(old)) {
            slot.retired[node.index()] = old;
        }
        last[feed] = value;
    }

    /** Releases the values still current; at the instance's final close. Returns the first error. */
    Throwable releaseAll() {
        Throwable error = null;
        for (int k = 0; k < last.length; k++) {
            Object value = last[k];
            last[k] = null;
            if (value != null && node.needsRelease(value)) {
                try {
                    node.release(value);
                } catch (Throwable t) {
                    error = error == null ? t : error;
                }
            }
        }
        return error;
    }
}
