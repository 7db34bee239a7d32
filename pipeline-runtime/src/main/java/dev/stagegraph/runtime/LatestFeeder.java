package dev.stagegraph.runtime;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.TimeoutException;
import java.util.List;

/**
 * A live source under {@link dev.stagegraph.source.LivePolicy#KEEP_LATEST}: the source thread
 * captures at the camera's pace into a {@link LatestFrame} mailbox ({@link #capture}), replacing a
 * frame nobody took yet (a drop), and a feeder thread publishes the newest frame whenever there is
 * room ({@link #feed}). The mailbox's holders carry the frame objects, which stay with the source.
 */
final class LatestFeeder<S> {
    private final SourceFeed<S> feed;
    private final SourceFeed.Run run;
    private final RingBuffer<Slot> ring;
    private final SequenceBarrier capacity;
    private final int maxInFlight;
    private final boolean multi;
    private final LatestFrame<S> latest = new LatestFrame<>();
    private long leftoverNumber = -1;

    LatestFeeder(SourceFeed<S> feed, SourceFeed.Run run, RingBuffer<Slot> ring, SequenceBarrier capacity, int maxInFlight,
            boolean multi) {
        this.feed = feed;
        this.run = run;
        this.ring = ring;
        this.capacity = capacity;
        this.maxInFlight = maxInFlight;
        this.multi = multi;
    }

    /** The capture side, on the source thread: read at the camera's pace into the mailbox. */
    void capture() throws Exception {
        LatestFrame.Holder<S> holder = latest.spare();
        while (!run.stopping() && !run.aborting()) {
            S captured = feed.next(holder.frame);
            if (captured == null) {
                break;
            }
            holder.frame = captured;
            holder.number = feed.takeNumber();
            holder.capturedNanos = feed.lastReadNanos();
            holder.timestamp = feed.lastTimestamp();
            LatestFrame.Holder<S> replaced = latest.offer(holder);
            if (replaced != null) {
                feed.countDrop();
                holder = replaced;
            } else {
                holder = latest.spare();
            }
        }
    }

    /** The feeder thread's body: when there is room, publish the newest frame; at the end, the end of stream. */
    @SuppressWarnings("unchecked")
    void feed() {
        try {
            run.awaitAllOpened();
            while (!run.aborting()) {
                long seq = ring.getCursor() + 1;
                if (multi) {
                    feed.out.awaitOwnRoom();
                } else {
                    capacity.waitFor(seq - maxInFlight);
                }
                LatestFrame.Holder<S> h = latest.take();
                if (h == null) {
                    break;
                }
                if (multi) {
                    h.frame = (S) feed.out.publishShared(h.number, h.frame, h.timestamp, h.capturedNanos);
                    latest.recycle(h);
                    continue;
                }
                Slot slot = ring.get(ring.next());
                S reusable = (S) slot.input;
                feed.out.publish(slot, seq, h.number, h.frame, h.timestamp, h.capturedNanos);
                h.frame = reusable;
                latest.recycle(h);
            }
            if (!run.aborting()) {
                feed.out.publishEndOfStream(feed.numbered());
            }
        } catch (AlertException | InterruptedException e) {
            // stopped by abort or a failure
        } catch (TimeoutException e) {
            throw new IllegalStateException("the wait strategy timed out, which the runtime does not use", e);
        }
    }

    /** The capture side ended: the feeder takes what is left and then ends. */
    void close() {
        latest.close();
    }

    /** Releases a feeder blocked on the mailbox: the run is stopping. */
    void abort() {
        latest.abort();
    }

    /** Adds the frame objects the mailbox's holders carry. */
    void heldFrames(List<Object> held) {
        latest.forEachFrame(held::add);
    }

    /** The frame still waiting in the mailbox when the run stopped, or {@code null}; its number is {@link #leftoverNumber()}. */
    S leftover() {
        LatestFrame.Holder<S> h = latest.leftover();
        if (h == null) {
            return null;
        }
        S frame = h.frame;
        h.frame = null;
        leftoverNumber = h.number;
        return frame;
    }

    long leftoverNumber() {
        return leftoverNumber;
    }
}
