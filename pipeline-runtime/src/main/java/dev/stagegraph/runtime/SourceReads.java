package dev.stagegraph.runtime;

import dev.stagegraph.source.FrameSource;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * What a {@link SourceFeed} keeps about reading its source: the source, the timing of its
 * {@code next} calls, the take time and capture time of the frame last read, and the frames
 * numbered and dropped. A superclass rather than a field, as {@link StageHost} is to
 * {@link StageWorker}: the feed's loops read these every frame without an extra indirection.
 *
 * <p>{@code framesIn} and {@code dropped} have one writer (the source thread) and are stored
 * opaquely so progress and meters can read them while the run goes on; everything else is the
 * source thread's.
 */
abstract class SourceReads<S> {
    private static final VarHandle FRAMES_IN;
    private static final VarHandle DROPPED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            FRAMES_IN = l.findVarHandle(SourceReads.class, "framesIn", long.class);
            DROPPED = l.findVarHandle(SourceReads.class, "dropped", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final FrameSource<S> source;
    private final EndTimer timer = new EndTimer("source");
    private final boolean timing;
    /** When the last {@code next} returned: the frame's taken time (the timing's end read, so it costs no second clock read). */
    private long lastReadNanos;
    /** The source's capture time of the last frame, or {@link Long#MIN_VALUE}. */
    private long lastTimestamp;
    private final String sourceName;
    /** This source's position among the run's sources; 0 for a single source. */
    final int ordinal;
    private long framesIn;
    private long dropped;
    volatile long openedNanos;
    volatile long firstFrameNanos;

    SourceReads(FrameSource<S> source, String name, int ordinal, boolean timing) {
        timer.sampleCalls();
        this.source = source;
        this.sourceName = name;
        this.ordinal = ordinal;
        this.timing = timing;
    }

    /** A live frame found no room, or was replaced by a newer one before it was published. */
    void countDrop() {
        DROPPED.setOpaque(this, dropped + 1);
    }

    /** When the last {@code next} returned, on the {@link System#nanoTime()} clock. */
    long lastReadNanos() {
        return lastReadNanos;
    }

    /** The source's capture time of the last frame, or {@link Long#MIN_VALUE}. */
    long lastTimestamp() {
        return lastTimestamp;
    }

    /** Frames numbered so far (read by the publishing thread). */
    long numbered() {
        return framesIn;
    }

    /** Asks the source for a frame, timing the call when the run is timed. */
    S next(S reuse) throws Exception {
        S frame;
        if (timing && timer.times()) {
            long start = timer.begin();
            try {
                frame = source.next(reuse);
            } finally {
                lastReadNanos = timer.end(start);
            }
        } else if (timing) {
            try {
                frame = source.next(reuse);
            } finally {
                lastReadNanos = timer.endUntimed();
            }
        } else {
            frame = source.next(reuse);
            lastReadNanos = System.nanoTime();
        }
        lastTimestamp = frame == null ? Long.MIN_VALUE : source.timestampNanos();
        return frame;
    }

    EndTimer timer() {
        return timer;
    }

    long takeNumber() {
        long n = framesIn;
        FRAMES_IN.setOpaque(this, n + 1);
        return n;
    }

    String sourceName() {
        return sourceName;
    }

    long framesIn() {
        return (long) FRAMES_IN.getOpaque(this);
    }

    long dropped() {
        return (long) DROPPED.getOpaque(this);
    }

    /** When the source and every instance had opened, or 0 if that never happened. */
    long openedNanos() {
        return openedNanos;
    }

    /** When the first frame was asked for, or 0. */
    long firstFrameNanos() {
        return firstFrameNanos;
    }

    boolean live() {
        return source.live();
    }

    FrameSource<S> source() {
        return source;
    }
}
