package dev.stagegraph.video;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOInterruptCB;
import org.bytedeco.javacpp.Pointer;

/**
 * A deadline for FFmpeg's blocking calls, through its interrupt callback: every blocking call
 * (connect, read, probe) polls the callback about every 100 ms and gives up with
 * {@code AVERROR_EXIT} once it returns 1. It returns 1 when the deadline {@link #arm armed} before
 * the call has passed, or when the calling thread was interrupted (the runner's stop), so no FFmpeg
 * call blocks past its time-out.
 *
 * <h2>One callback for the process</h2>
 * JavaCPP backs each live callback object with one of a fixed pool of 10 native thunks per callback
 * class; an 11th object silently gets a null function pointer (bytedeco/javacpp#611), so an 11th
 * stream would have no time-out at all. So there is one callback object for the process, and each
 * format context's {@code opaque} carries the id of its {@code Deadline}, found in a map.
 *
 * <p>Armed on the source's thread; polled by FFmpeg on the thread inside the blocking call (the same
 * thread for demuxing), so the fields are volatile only to be safe should a protocol poll from its
 * own thread.
 */
final class Deadline {
    private static final Map<Long, Deadline> LIVE = new ConcurrentHashMap<>();
    private static final AtomicLong IDS = new AtomicLong(1);
    private static final Poll POLL = new Poll();

    private final long id = IDS.getAndIncrement();
    private final Natives.Borrowed opaque = new Natives.Borrowed().at(id);
    private volatile long deadline = Long.MAX_VALUE;
    private volatile boolean armed;
    private volatile boolean expired;
    private volatile boolean interrupted;

    /** Points {@code format}'s interrupt callback at this deadline; call before opening it. */
    void install(AVFormatContext format) {
        LIVE.put(id, this);
        format.interrupt_callback().callback(POLL).opaque(opaque);
    }

    /** Forgets this deadline; call once no format context that points at it is open. */
    void release() {
        LIVE.remove(id);
    }

    /** Starts the clock: the next FFmpeg call fails after {@code nanos}. */
    void arm(long nanos) {
        deadline = System.nanoTime() + nanos;
        expired = false;
        interrupted = false;
        armed = true;
    }

    /** Stops the clock; calls are no longer timed (but still end on an interrupt). */
    void disarm() {
        armed = false;
    }

    /** Whether the last armed call was ended by the deadline. */
    boolean expired() {
        return expired;
    }

    /** Whether the last call was ended by an interrupt of the calling thread. */
    boolean interrupted() {
        return interrupted;
    }

    private int poll() {
        if (Thread.currentThread().isInterrupted()) {
            interrupted = true;
            return 1;
        }
        if (armed && System.nanoTime() - deadline > 0) {
            expired = true;
            return 1;
        }
        return 0;
    }

    /** The process's one interrupt callback: finds the deadline by the context's opaque id. */
    private static final class Poll extends AVIOInterruptCB.Callback_Pointer {
        @Override
        public int call(Pointer opaque) {
            Deadline d = opaque == null ? null : LIVE.get(opaque.address());
            return d == null ? 0 : d.poll();
        }
    }
}
