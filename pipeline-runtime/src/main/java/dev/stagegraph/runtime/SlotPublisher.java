package dev.stagegraph.runtime;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.TimeoutException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import org.jctools.queues.SpscArrayQueue;

/**
 * The ring side of one source's feed: claims a slot, fills it with a frame already read (running
 * the stages fused onto the source port on it: with one source on the claimed slot, with several
 * before the claim, see {@link #publishShared}), marks one frame in {@link StageTiming#PERIOD} for the
 * stages that sample their timing, and publishes it; with several sources it also keeps this
 * source's own bound ({@link #hasOwnRoom}: frames published minus those the sink retired). Used
 * by one publishing thread at a time (the source's, or a keep-latest feeder's); {@link #retire} is
 * the delivering thread's.
 *
 * <p>Frame objects with several sources: a slot is claimed by whichever source comes next, so it
 * can't keep its frame object for the next reader as it does with one source. The delivering
 * thread hands each retired frame's object back to its own source through {@code free}, a
 * single-producer single-consumer array queue (JCTools: no allocation, release/acquire hand-over),
 * and the publishing thread reads into one from there. So a source holds no more objects than its
 * frames in flight plus what it has in hand, and N sources need about the objects of one ring, not
 * one per slot per source.
 */
final class SlotPublisher {
    private static final VarHandle STAGED;

    static {
        try {
            STAGED = MethodHandles.lookup().findVarHandle(SlotPublisher.class, "staged", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

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
    /** {@code retired} as the publishing thread last read it. */
    private long retiredSeen;
    /** With several sources: this source's frame objects the sink has retired, for the publishing thread to reuse. */
    private final SpscArrayQueue<Object> free;
    /**
     * Stages fused onto the source port (inline functions, per-source stages on the source's
     * thread), run on the publishing thread before a frame is published; set before the run starts.
     */
    StageWorker[] inline = new StageWorker[0];
    /** With several sources and fused stages: where they run before a slot is claimed (publishing thread only). */
    private Slot staging;
    /**
     * The frame object the fused stages are working on before its slot is claimed, or {@code null}:
     * a release store by the publishing thread, read by the teardown (a frame its stage never
     * returned from is unfinished, not lost) and the watchdog (it waits, so a stall there counts).
     */
    private volatile Object staged;
    /** The number of {@code staged}, written before it. */
    private long stagedNumber;
    /** The publishing thread, for stall reports; set when it starts. */
    volatile Thread thread;

    SlotPublisher(RingBuffer<Slot> ring, SequenceBarrier capacity, Sequence sinkSequence, int maxInFlight, String sourceName,
            int ordinal, boolean multi) {
        this.ring = ring;
        this.capacity = capacity;
        this.sinkSequence = sinkSequence;
        this.maxInFlight = maxInFlight;
        this.sourceName = sourceName;
        this.ordinal = ordinal;
        this.multi = multi;
        // A source owns at most its frames in flight (fewer than the ring's slots) plus the few in hand, so twice the ring never fills.
        this.free = multi ? new SpscArrayQueue<>(2 * ring.getBufferSize()) : null;
    }

    /**
     * Whether fewer than {@code maxInFlight} of this source's frames are between it and the sink
     * (several sources; the publishing thread). The delivering thread counts {@code retired} every
     * frame, so it is read again only when the count last read leaves no room, not every frame.
     */
    boolean hasOwnRoom() {
        if (published - retiredSeen < maxInFlight) {
            return true;
        }
        retiredSeen = retired.get();
        return published - retiredSeen < maxInFlight;
    }

    /** Waits until fewer than {@code maxInFlight} of this source's frames are between it and the sink. */
    void awaitOwnRoom() throws AlertException, InterruptedException, TimeoutException {
        if (published - retiredSeen < maxInFlight) {
            return;
        }
        while (true) {
            long sunk = sinkSequence.get();
            if (hasOwnRoom()) {
                return;
            }
            capacity.waitFor(sunk + 1);
        }
    }

    /**
     * Claims a slot for a frame already read, publishes it and returns the frame object this source
     * may reuse. The source port's inline stages run first, on {@code staging}, and their cells
     * move into the slot once it is claimed: between claim and publish the ring's readers wait for
     * this sequence, the other sources' frames behind it included, so a stage run there would hold
     * every camera up for as long as it takes.
     */
    Object publishShared(long frame, Object input, long timestamp, long takenNanos) {
        boolean timed = (published + ordinal) % StageTiming.PERIOD == 0;
        if (inline.length > 0) {
            stagedNumber = frame;
            STAGED.setRelease(this, input);
            fill(staging(), frame, input, timestamp, takenNanos, timed);
            for (StageWorker w : inline) {
                w.process(staging);
            }
        }
        long seq = ring.next();
        Slot slot = ring.get(seq);
        Object reusable = free.relaxedPoll();
        fill(slot, frame, input, timestamp, takenNanos, timed);
        if (inline.length > 0) {
            for (StageWorker w : inline) {
                moveCells(w, slot);
            }
            staging.input = null;
            STAGED.setRelease(this, null);
        }
        lastPublishedTimestamp = slot.timestampNanos;
        published++;
        ring.publish(seq);
        return reusable;
    }

    /** The frame object the fused stages are working on before its slot is claimed, or {@code null}; any thread. */
    Object staged() {
        return STAGED.getAcquire(this);
    }

    /** The number of the frame {@link #staged()} returned. */
    long stagedNumber() {
        return stagedNumber;
    }

    /** Moves the cells of {@code w} and of the stages fused after it from the staging slot to {@code slot}. */
    private void moveCells(StageWorker w, Slot slot) {
        staging.moveCell(w.node.index(), slot);
        for (StageWorker after : w.inlineAfter) {
            moveCells(after, slot);
        }
    }

    private Slot staging() {
        if (staging == null) {
            staging = new Slot(ring.get(0).cells.length);
        }
        return staging;
    }

    private void fill(Slot slot, long frame, Object input, long timestamp, long takenNanos, boolean timed) {
        slot.owner = ordinal;
        slot.take(frame, published + ordinal, sourceName, input, timestamp, takenNanos);
        slot.feed = ordinal;
        slot.timed = timed;
        slot.previousTimestampNanos = lastPublishedTimestamp;
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

    /**
     * The delivering thread retired this source's frame in {@code slot}: hands its object back to
     * the source and counts it; called before that thread advances its sequence.
     */
    void retire(Slot slot) {
        Object input = slot.input;
        slot.input = null;
        if (input != null && !free.offer(input)) {
            throw new IllegalStateException("source '" + sourceName + "' holds more frame objects than twice the ring's "
                    + ring.getBufferSize() + " slots: the runtime lost count of them");
        }
        retired.set(retired.get() + 1);
    }

    /** Adds the retired frame objects not read into again to {@code held}; once the publishing and delivering threads have stopped. */
    void heldFrames(List<Object> held) {
        if (free != null) {
            for (Object o = free.relaxedPoll(); o != null; o = free.relaxedPoll()) {
                held.add(o);
            }
        }
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
