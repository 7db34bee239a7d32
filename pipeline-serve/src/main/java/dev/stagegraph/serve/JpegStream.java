package dev.stagegraph.serve;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The newest JPEG frame of a run, offered by the application (typically its sink) and read by the
 * viewers of a {@link LiveView}'s {@code /stream.mjpg}. Newest frame wins: a frame replaces the
 * previous one whether or not every viewer sent it, so a slow viewer never slows the pipeline and
 * nothing queues. Each viewer counts the frames it skipped ({@link #missed()}).
 *
 * <p>Threads: {@link #offer} may be called by any thread, usually one (the sink's); it never blocks
 * and never waits for a viewer: it publishes the frame with a volatile write and unparks the
 * waiting viewers. Viewers are the server's threads, one per connected client. Create the stream
 * before the run starts so the sink can hold it, and hand it to the view with
 * {@link LiveView.Options#stream}.
 *
 * <p>Ownership: the stream keeps a reference to the offered array until the next offer; the caller
 * must not change it afterwards (encode each frame into a fresh array).
 */
public final class JpegStream {
    /** One offered frame and its number, published together. */
    record Frame(long number, byte[] jpeg) {}

    private static final Frame NONE = new Frame(0, null);

    private volatile Frame latest = NONE;
    private final AtomicLong offered = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong missed = new AtomicLong();
    private final CopyOnWriteArrayList<Thread> waiting = new CopyOnWriteArrayList<>();

    /** An empty stream. */
    public JpegStream() {}

    /**
     * Makes {@code jpeg} the newest frame. Never blocks.
     *
     * @param jpeg one complete JPEG image; not copied, so not to be changed after the call
     * @throws NullPointerException if {@code jpeg} is {@code null}
     */
    public void offer(byte[] jpeg) {
        Objects.requireNonNull(jpeg, "jpeg");
        latest = new Frame(offered.incrementAndGet(), jpeg);
        for (Thread t : waiting) {
            LockSupport.unpark(t);
        }
    }

    /**
     * Frames offered so far.
     *
     * @return the count
     */
    public long offered() {
        return offered.get();
    }

    /**
     * Frames sent to viewers so far, counting each viewer's copy.
     *
     * @return the count
     */
    public long sent() {
        return sent.get();
    }

    /**
     * Frames that viewers skipped because a newer frame replaced them before the viewer could take
     * them, summed over viewers; frames offered before a viewer connected do not count for it.
     *
     * @return the count
     */
    public long missed() {
        return missed.get();
    }

    /** The newest frame, or one with a {@code null} image before the first offer. */
    Frame latest() {
        return latest;
    }

    /**
     * Waits for a frame newer than {@code after}, at most {@code timeout}; called by a viewer's
     * thread. Returns the newest frame then (the same one again if the time ran out or the thread was
     * interrupted).
     */
    Frame next(long after, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Thread me = Thread.currentThread();
        waiting.add(me);
        try {
            Frame f = latest;
            while (f.number() <= after && !me.isInterrupted()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                LockSupport.parkNanos(this, left);
                f = latest;
            }
            return f;
        } finally {
            waiting.remove(me);
        }
    }

    /** Counts one frame sent to a viewer, which had sent frame {@code previous} before (0 for none). */
    void countSent(long previous, long number) {
        sent.incrementAndGet();
        if (previous > 0 && number > previous + 1) {
            missed.addAndGet(number - previous - 1);
        }
    }
}
