package dev.stagegraph.video;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What every source shares: the frames it made (to release after the run) and its counters.
 *
 * <p>The counters are written by the source's thread only and read by any thread through
 * {@link #stats()}; each is a volatile field, so a reader sees every count as of some moment
 * (the counts are not one atomic snapshot: {@code frames} may be a frame ahead of {@code framesLost}).
 */
abstract class MadeFrames implements VideoSource {
    private final List<VideoFrame> made = new ArrayList<>();
    /** The frame being filled or last handed out; source thread only. */
    private VideoFrame current;
    private volatile long connects;
    private volatile long outages;
    private volatile long outageNanos;
    private volatile long outageSince = Long.MIN_VALUE;
    private volatile long framesLost;
    private volatile long frames;

    /** The frame to fill: {@code reuse} if given and open, else a new remembered one. Source thread only. */
    final VideoFrame frame(VideoFrame reuse) {
        if (reuse != null && !reuse.closed()) {
            current = reuse;
            return reuse;
        }
        VideoFrame f = new VideoFrame();
        synchronized (made) {
            made.add(f);
        }
        current = f;
        return f;
    }

    /** The presentation time of the frame the last {@code next} returned, for the frame's context. */
    @Override
    public final long timestampNanos() {
        return current == null ? Long.MIN_VALUE : current.ptsNanos();
    }

    @Override
    public final void releaseFrames() {
        synchronized (made) {
            made.forEach(VideoFrame::close);
            made.clear();
        }
    }

    /** Counts a successful connection (open or reconnect); ends an outage in progress. */
    final void connected() {
        long since = outageSince;
        if (since != Long.MIN_VALUE) {
            outageNanos = outageNanos + (System.nanoTime() - since);
            outageSince = Long.MIN_VALUE;
        }
        connects = connects + 1;
    }

    /** Counts the start of an outage at {@code nanoTime}. */
    final void outage(long nanoTime) {
        outages = outages + 1;
        outageSince = nanoTime;
    }

    /** Adds frames estimated lost. */
    final void lost(long n) {
        if (n > 0) {
            framesLost = framesLost + n;
        }
    }

    /** Counts one delivered frame and returns its index. */
    final long delivered() {
        long n = frames;
        frames = n + 1;
        return n;
    }

    /** How many frames were delivered. */
    final long deliveredCount() {
        return frames;
    }

    @Override
    public final StreamStats stats() {
        long since = outageSince;
        long total = outageNanos + (since == Long.MIN_VALUE ? 0 : System.nanoTime() - since);
        return new StreamStats(connects, outages, Duration.ofNanos(total), framesLost, frames, since != Long.MIN_VALUE);
    }

    @Override
    public String toString() {
        return name();
    }
}
