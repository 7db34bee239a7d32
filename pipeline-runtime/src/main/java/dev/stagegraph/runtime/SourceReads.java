package dev.stagegraph.runtime;

import dev.stagegraph.source.FrameSource;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The reads of one source in a parallel run: asks the source for a frame ({@link #next}), timing
 * the call when the run is timed, keeps the read's taken time and the frame's capture time for the
 * slot it goes into, numbers the frames ({@link #takeNumber}) and counts the live frames dropped.
 *
 * <p>Made with its {@link SourceFeed}, for the run. Read on the source thread only; {@code framesIn}
 * and {@code dropped} have one writer (the source thread) and are stored opaquely so progress and
 * meters can read them while the run goes on ({@link #framesIn}, {@link #dropped}); the timer is
 * read after the thread stopped.
 */
final class SourceReads<S> {
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

    private final FrameSource<S> source;
    private final boolean timing;
    private final EndTimer timer = new EndTimer("source");
    /** When the last {@code next} returned: the frame's taken time (the timing's end read, so it costs no second clock read). */
    private long lastReadNanos;
    /** The source's capture time of the last frame, or {@link Long#MIN_VALUE}. */
    private long lastTimestamp;
    private long framesIn;
    private long dropped;

    SourceReads(FrameSource<S> source, boolean timing) {
        timer.sampleCalls();
        this.source = source;
        this.timing = timing;
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
                lastReadNanos = System.nanoTime();
                timer.untimedCall();
            }
        } else {
            frame = source.next(reuse);
            lastReadNanos = System.nanoTime();
        }
        lastTimestamp = frame == null ? Long.MIN_VALUE : source.timestampNanos();
        return frame;
    }

    /** When the last {@code next} returned, on the {@link System#nanoTime()} clock. */
    long lastReadNanos() {
        return lastReadNanos;
    }

    /** The source's capture time of the last frame, or {@link Long#MIN_VALUE}. */
    long lastTimestamp() {
        return lastTimestamp;
    }

    /** Numbers the frame just read: returns its number, counting it in. */
    long takeNumber() {
        long n = framesIn;
        FRAMES_IN.setOpaque(this, n + 1);
        return n;
    }

    /** Frames numbered so far (read by the publishing thread). */
    long numbered() {
        return framesIn;
    }

    /** A live frame found no room, or was replaced by a newer one before it was published. */
    void countDrop() {
        DROPPED.setOpaque(this, dropped + 1);
    }

    /** Frames numbered so far; safe to read from any thread. */
    long framesIn() {
        return (long) FRAMES_IN.getOpaque(this);
    }

    /** Live frames dropped so far; safe to read from any thread. */
    long dropped() {
        return (long) DROPPED.getOpaque(this);
    }

    EndTimer timer() {
        return timer;
    }
}
