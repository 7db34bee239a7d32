package dev.stagegraph.runtime;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.TimeoutException;
import dev.stagegraph.report.FrameFailure;
import dev.stagegraph.source.FrameSource;
import dev.stagegraph.source.LivePolicy;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The producing side of a parallel run: opens the source, takes frames from it and publishes them
 * into the ring under the source's flow control, then publishes the end-of-stream slot and closes
 * the source once the run lets it. A recorded source (or a live one under
 * {@link LivePolicy#BLOCK}) waits for room; a live one under {@link LivePolicy#DROP_NEWEST} drops
 * what finds none; under {@link LivePolicy#KEEP_LATEST} the source thread captures into a
 * {@link LatestFrame} and a feeder thread publishes the newest frame whenever there is room.
 *
 * <p>"Room" is {@code maxInFlight} frames between the source and the sink: the
 * {@code capacityBarrier} waits on the sink's sequence, and is alerted when the run stops.
 * {@code framesIn} and {@code dropped} have one writer (the source thread) and are stored opaquely
 * so progress and meters can read them while the run goes on.
 *
 * <p>With several sources ({@code multi}) the ring has one producer per source: each feed reads a
 * frame first, then claims a slot, so a camera blocked in {@code next} never holds a claimed
 * sequence. "Room" is then this source's own bound: its frames published minus those the sink has
 * retired ({@link #retire()}, counted before the sink frees the slot, so a feed that saw no room
 * waits on a sink sequence that is sure to move). The ring is sized for every source's bound plus
 * their end slots, so a claim never waits. Frame objects stay with their source: a slot keeps
 * another source's object parked ({@link Slot#takeOver}) and a feed reads into its own spare.
 */
final class SourceFeed<S> {

    /** What the feed needs from the run it feeds. */
    interface Run {
        /** A drain was asked for: take no new frame. */
        boolean stopping();

        /** The run is being cut short: publish nothing more. */
        boolean aborting();

        /** Counts the source's open as done (whether it worked) toward the start barrier. */
        void sourceOpenDone();

        /** Waits until the source and every stage instance have opened. */
        void awaitAllOpened() throws InterruptedException;

        /** The run fails with this. */
        void fail(FrameFailure failure);
    }

    private static final VarHandle FRAMES_IN;
    private static final VarHandle DROPPED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            FRAMES_IN = l.findVarHandle(SourceFeed.class, "framesIn", long.class);
            DROPPED = l.findVarHandle(SourceFeed.class, "dropped", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final FrameSource<S> source;
    private final RingBuffer<Slot> ring;
    private final SequenceBarrier capacity;
    private final Sequence sinkSequence;
    private final int maxInFlight;
    private final LivePolicy policy;
    private final LatestFrame<S> latest;
    private final Run run;
    private final EndTimer timer = new EndTimer("source");
    private final boolean timing;
    /** When the last {@code next} returned: the frame's taken time (the timing's end read, so it costs no second clock read). */
    private long lastReadNanos;
    /** The source's capture time of the last frame, or {@link Long#MIN_VALUE}. */
    private long lastTimestamp;
    private final String sourceName;
    /** This source's position among the run's sources; 0 for a single source. */
    final int ordinal;
    private final boolean multi;
    /** The capture time of the last frame published (publishing thread only), for sampled stages. */
    private long lastPublishedTimestamp = Long.MIN_VALUE;
    /** Frames this feed published (written by the publishing thread only); with several sources. */
    private long published;
    /** Frames of this source the sink retired (written by the sink only); with several sources. */
    private final Sequence retired = new Sequence(0);
    /** Inline stages of the source port, run on the publishing thread before a frame is published. */
    StageWorker[] inline = new StageWorker[0];
    /** A frame object the feed holds between reads (drop-newest's spare), released when the run ends. */
    private volatile Object spare;

    private long framesIn;
    private long dropped;
    private volatile long openedNanos;
    private volatile long firstFrameNanos;

    SourceFeed(FrameSource<S> source, String name, int ordinal, boolean multi, RingBuffer<Slot> ring, Sequence sinkSequence,
            int maxInFlight, LivePolicy policy, boolean timing, Run run) {
        timer.sampleCalls();
        this.ordinal = ordinal;
        this.multi = multi;
        this.source = source;
        this.timing = timing;
        this.ring = ring;
        this.capacity = ring.newBarrier(sinkSequence);
        this.sinkSequence = sinkSequence;
        this.maxInFlight = maxInFlight;
        this.policy = source.live() ? policy : LivePolicy.BLOCK;
        this.latest = this.policy == LivePolicy.KEEP_LATEST ? new LatestFrame<>() : null;
        this.run = run;
        this.sourceName = name;
    }

    /** Whether a feeder thread must run {@link #feedLatest()} beside the source thread. */
    boolean needsFeeder() {
        return latest != null;
    }

    /**
     * The source thread's body. When the feed ends the source is not closed at once: the thread
     * waits on {@code party} until the teardown lets it close, after every stage that can read the
     * source's frames. An exception while the run is being halted (the runtime's interrupt reaching
     * a blocked {@code open} or {@code next}, such as a {@code ClosedByInterruptException}) is not
     * a failure of the source.
     */
    void runSource(Party party) {
        boolean sourceOpened = false;
        try {
            try {
                source.open();
                sourceOpened = true;
            } catch (Throwable t) {
                if (!run.aborting()) {
                    run.fail(new FrameFailure("source", 0, -1, t));
                }
            } finally {
                run.sourceOpenDone();
            }
            feed(sourceOpened);
        } finally {
            if (latest != null) {
                latest.close();
            }
            party.loopEnded();
            party.closeWhenAllowed(sourceOpened ? source::close : () -> {});
        }
    }

    private void feed(boolean sourceOpened) {
        try {
            run.awaitAllOpened();
            openedNanos = System.nanoTime();
            if (!sourceOpened || run.aborting()) {
                return;
            }
            firstFrameNanos = System.nanoTime();
            switch (policy) {
                case KEEP_LATEST -> captureLatest();
                case DROP_NEWEST -> feedDroppingNewest();
                case BLOCK -> {
                    if (multi) {
                        feedWaitingShared();
                    } else {
                        feedWaiting();
                    }
                }
                default -> throw new IllegalStateException("unknown policy " + policy);
            }
        } catch (AlertException | InterruptedException e) {
            // stopped by abort or a failure
        } catch (Throwable t) {
            if (!run.aborting()) {
                run.fail(new FrameFailure("source", 0, framesIn, t));
            }
        }
    }

    /** Wait for room, then read. */
    @SuppressWarnings("unchecked")
    private void feedWaiting() throws Exception {
        while (!run.stopping() && !run.aborting()) {
            long seq = ring.getCursor() + 1;
            capacity.waitFor(seq - maxInFlight);
            Slot slot = ring.get(seq);
            S read = next((S) slot.input);
            if (read == null) {
                break;
            }
            ring.next();
            publish(slot, seq, takeNumber(), read, lastTimestamp, lastReadNanos);
        }
        publishEndOfStream();
    }

    /** Wait for this source's room, then read into the spare and claim a slot (several sources). */
    @SuppressWarnings("unchecked")
    private void feedWaitingShared() throws Exception {
        while (!run.stopping() && !run.aborting()) {
            awaitOwnRoom();
            S read = next((S) spare);
            if (read == null) {
                break;
            }
            spare = publishShared(takeNumber(), read, lastTimestamp, lastReadNanos);
        }
        publishEndOfStream();
    }

    /** Waits until fewer than {@code maxInFlight} of this source's frames are between it and the sink. */
    private void awaitOwnRoom() throws AlertException, InterruptedException, TimeoutException {
        while (true) {
            long sunk = sinkSequence.get();
            if (published - retired.get() < maxInFlight) {
                return;
            }
            capacity.waitFor(sunk + 1);
        }
    }

    /** Claims a slot for a frame already read, publishes it and returns the frame object this source may reuse. */
    private Object publishShared(long frame, S input, long timestamp, long takenNanos) {
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

    /** The sink retired one of this source's frames: called before it advances its sequence. */
    void retire() {
        retired.set(retired.get() + 1);
    }

    /** Read at the camera's pace, drop what finds no room. */
    @SuppressWarnings("unchecked")
    private void feedDroppingNewest() throws Exception {
        while (!run.stopping() && !run.aborting()) {
            S captured = next((S) spare);
            if (captured == null) {
                break;
            }
            spare = null;
            long frame = takeNumber();
            if (multi) {
                if (published - retired.get() >= maxInFlight) {
                    DROPPED.setOpaque(this, dropped + 1);
                    spare = captured;
                } else {
                    spare = publishShared(frame, captured, lastTimestamp, lastReadNanos);
                }
                continue;
            }
            long seq = ring.getCursor() + 1;
            if (sinkSequence.get() < seq - maxInFlight) {
                DROPPED.setOpaque(this, dropped + 1);
                spare = captured;
                continue;
            }
            Slot slot = ring.get(ring.next());
            spare = slot.input;
            publish(slot, seq, frame, captured, lastTimestamp, lastReadNanos);
        }
        publishEndOfStream();
    }

    /** Keep-latest, capture side: read at the camera's pace into the mailbox. */
    private void captureLatest() throws Exception {
        LatestFrame.Holder<S> holder = latest.spare();
        while (!run.stopping() && !run.aborting()) {
            S captured = next(holder.frame);
            if (captured == null) {
                break;
            }
            holder.frame = captured;
            holder.number = takeNumber();
            holder.capturedNanos = lastReadNanos;
            holder.timestamp = lastTimestamp;
            LatestFrame.Holder<S> replaced = latest.offer(holder);
            if (replaced != null) {
                DROPPED.setOpaque(this, dropped + 1);
                holder = replaced;
            } else {
                holder = latest.spare();
            }
        }
    }

    /** Keep-latest, the feeder thread's body: when there is room, publish the newest frame. */
    @SuppressWarnings("unchecked")
    void feedLatest() {
        try {
            run.awaitAllOpened();
            while (!run.aborting()) {
                long seq = ring.getCursor() + 1;
                if (multi) {
                    awaitOwnRoom();
                } else {
                    capacity.waitFor(seq - maxInFlight);
                }
                LatestFrame.Holder<S> h = latest.take();
                if (h == null) {
                    break;
                }
                if (multi) {
                    h.frame = (S) publishShared(h.number, h.frame, h.timestamp, h.capturedNanos);
                    latest.recycle(h);
                    continue;
                }
                Slot slot = ring.get(ring.next());
                S reusable = (S) slot.input;
                publish(slot, seq, h.number, h.frame, h.timestamp, h.capturedNanos);
                h.frame = reusable;
                latest.recycle(h);
            }
            if (!run.aborting()) {
                publishEndOfStream();
            }
        } catch (AlertException | InterruptedException e) {
            // stopped by abort or a failure
        } catch (TimeoutException e) {
            throw new IllegalStateException("the wait strategy timed out, which the runtime does not use", e);
        }
    }

    /** Asks the source for a frame, timing the call when the run is timed. */
    private S next(S reuse) throws Exception {
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

    EndTimer timer() {
        return timer;
    }

    private long takeNumber() {
        long n = framesIn;
        FRAMES_IN.setOpaque(this, n + 1);
        return n;
    }

    private void publishEndOfStream() throws AlertException, InterruptedException, TimeoutException {
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

    private void publish(Slot slot, long seq, long frame, S input, long timestamp, long takenNanos) {
        slot.take(frame, seq, sourceName, input, timestamp, takenNanos);
        slot.timed = seq % StageTiming.PERIOD == 0;
        slot.previousTimestampNanos = lastPublishedTimestamp;
        lastPublishedTimestamp = slot.timestampNanos;
        for (StageWorker w : inline) {
            w.process(slot);
        }
        ring.publish(seq);
    }

    /** The frame objects the feed itself holds (a spare, the mailbox's holders), for release when the run ends. */
    java.util.List<Object> heldFrames() {
        java.util.List<Object> held = new java.util.ArrayList<>();
        if (spare != null) {
            held.add(spare);
        }
        if (latest != null) {
            latest.forEachFrame(held::add);
        }
        return held;
    }

    /** Releases a feed blocked on room or on the mailbox: the run is stopping. */
    void halt() {
        capacity.alert();
        if (latest != null) {
            latest.abort();
        }
    }

    /** The frame still waiting in the keep-latest mailbox when the run stopped, or {@code null}. */
    S leftover() {
        LatestFrame.Holder<S> h = latest != null ? latest.leftover() : null;
        if (h == null) {
            return null;
        }
        S frame = h.frame;
        h.frame = null;
        leftoverNumber = h.number;
        return frame;
    }

    /** The number of the frame {@link #leftover()} returned. */
    long leftoverNumber() {
        return leftoverNumber;
    }

    private long leftoverNumber = -1;

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

    LivePolicy policy() {
        return policy;
    }
}
