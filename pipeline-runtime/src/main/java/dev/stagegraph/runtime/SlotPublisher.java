package dev.stagegraph.runtime;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.TimeoutException;

/**
 * The ring side of one source's feed: claims a slot, fills it with a frame already read (running
 * the source port's inline stages on it), marks one frame in {@link StageTiming#PERIOD} for the
 * stages that sample their timing, and publishes it; with several sources it also keeps this
 * source's own bound ({@link #hasOwnRoom}: frames published minus those the sink retired). Used
 * by one publishing thread at a time (the source's, or a keep-latest feeder's); {@link #retire} is
 * the delivering thread's.
 */
final class SlotPublisher {
    private final RingBuffer<Slot> ring;
    private final SequenceBarrier capacity;
    private final Sequence sinkSequence;
    private final int maxInFlight;
    private final String sourceName;
    private final int ordinal;
    private final boolean multi;
    /** The capture time of the last frame published (publishing thread only), for sampled stages. */
    private long lastPublishedTimestamp = Long.MIN_VALUE;
    /** Frames this feed published (written by the publishing thread only); with several sources. */
    private long published;
    /** Frames of this source the sink retired (written by the delivering thread only); with several sources. */
    private final Sequence retired = new Sequence(0);
    /** Inline stages of the source port, run on the publishing thread before a frame is published; set before the run starts. */
    StageWorker[] inline = new StageWorker[0];

    SlotPublisher(RingBuffer<Slot> ring, SequenceBarrier capacity, Sequence sinkSequence, int maxInFlight, String sourceName,
            int ordinal, boolean multi) {
        this.ring = ring;
        this.capacity = capacity;
        this.sinkSequence = sinkSequence;
        this.maxInFlight = maxInFlight;
        this.sourceName = sourceName;
        this.ordinal = ordinal;
        this.multi = multi;
    }

    /** Whether fewer than {@code maxInFlight} of this source's frames are between it and the sink (several sources). */
    boolean hasOwnRoom() {
        return published - retired.get() < maxInFlight;
    }

    /** Waits until fewer than {@code maxInFlight} of this source's frames are between it and the sink. */
    void awaitOwnRoom() throws AlertException, InterruptedException, TimeoutException {
        while (true) {
            long sunk = sinkSequence.get();
            if (hasOwnRoom()) {
                return;
            }
            capacity.waitFor(sunk + 1);
        }
    }

    /** Claims a slot for a frame already read, publishes it and returns the frame object this source may reuse. */
    Object publishShared(long frame, Object input, long timestamp, long takenNanos) {
        long seq = ring.next();
        Slot slot = ring.get(seq);
        Object reusable = slot.takeOver(ordinal);
        slot.take(frame, published + ordinal, sourceName, input, timestamp, takenNanos);
        slot.feed = ordinal;
        slot.timed = seq % StageTiming.PERIOD == 0;
        slot.previousTimestampNanos = lastPublishedTimestamp;
        lastPublishedTimestamp = slot.timestampNanos;
        published++;
        for (StageWorker w : inline) {
            w.process(slot);
        }
        ring.publish(seq);
        return reusable;
    }

    /** Fills the slot already claimed at {@code seq} (one source) and publishes it. */
    void publish(Slot slot, long seq, long frame, Object input, long timestamp, long takenNanos) {
        slot.take(frame, seq, sourceName, input, timestamp, takenNanos);
        slot.timed = seq % StageTiming.PERIOD == 0;
        slot.previousTimestampNanos = lastPublishedTimestamp;
        lastPublishedTimestamp = slot.timestampNanos;
        for (StageWorker w : inline) {
            w.process(slot);
        }
        ring.publish(seq);
    }

    /** The delivering thread retired one of this source's frames: called before it advances its sequence. */
    void retire() {
        retired.set(retired.get() + 1);
    }

    /** Publishes the source's end: a slot that carries how many frames it numbered. */
    void publishEndOfStream(long framesIn) throws AlertException, InterruptedException, TimeoutException {
        if (multi) {
            long seq = ring.next();
            Slot slot = ring.get(seq);
            slot.endOfStream = true;
            slot.frame = framesIn;
            slot.source = sourceName;
            slot.feed = ordinal;
            ring.publish(seq);
            return;
        }
        long eos = ring.getCursor() + 1;
        capacity.waitFor(eos - ring.getBufferSize());
        Slot slot = ring.get(ring.next());
        slot.endOfStream = true;
        slot.frame = framesIn;
        slot.source = sourceName;
        ring.publish(eos);
    }
}
