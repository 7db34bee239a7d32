package dev.stagegraph.runtime;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import dev.stagegraph.report.FrameFailure;
import dev.stagegraph.source.FrameSource;
import dev.stagegraph.source.LivePolicy;

/**
 * The producing side of a parallel run: opens the source, takes frames from it and publishes them
 * into the ring under the source's flow control, then publishes the end-of-stream slot and closes
 * the source once the run lets it. A recorded source (or a live one under
 * {@link LivePolicy#BLOCK}) waits for room; a live one under {@link LivePolicy#DROP_NEWEST} drops
 * what finds none; under {@link LivePolicy#KEEP_LATEST} the source thread captures into a
 * {@link LatestFrame} and a feeder thread publishes the newest frame whenever there is room.
 *
 * <p>"Room" is {@code maxInFlight} frames between the source and the sink: the
 * {@code capacityBarrier} waits on the sink's sequence, and is alerted when the run stops. The
 * reads themselves, their timing and their counts are {@link SourceReads}'.
 *
 * <p>With several sources ({@code multi}) the ring has one producer per source: each feed reads a
 * frame first, then claims a slot, so a camera blocked in {@code next} never holds a claimed
 * sequence. "Room" is then this source's own bound: its frames published minus those the sink has
 * retired ({@link SlotPublisher#retire()}, counted before the sink frees the slot, so a feed that saw no room
 * waits on a sink sequence that is sure to move). The ring is sized for every source's bound plus
 * their end slots, so a claim never waits. Frame objects stay with their source: the sink hands
 * each retired frame's object back to its source ({@link SlotPublisher#retire(Slot)}) and a feed
 * reads into its own spare.
 */
final class SourceFeed<S> extends SourceReads<S> {

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

    private final RingBuffer<Slot> ring;
    private final SequenceBarrier capacity;
    private final Sequence sinkSequence;
    private final int maxInFlight;
    /** Claims, fills and publishes this source's slots. */
    final SlotPublisher out;
    /** The per-source stages this source's thread runs after each read. */
    private final SourceStages stages = new SourceStages();
    private final LivePolicy policy;
    /** The keep-latest mailbox and its feeder, or {@code null}. */
    private final LatestFeeder<S> latest;
    private final Run run;
    private final boolean multi;
    /** A frame object the feed holds between reads (drop-newest's spare), released when the run ends. */
    private volatile Object spare;

    SourceFeed(FrameSource<S> source, String name, int ordinal, boolean multi, RingBuffer<Slot> ring, Sequence sinkSequence,
            int maxInFlight, LivePolicy policy, boolean timing, Run run) {
        super(source, name, ordinal, timing);
        this.multi = multi;
        this.ring = ring;
        this.capacity = ring.newBarrier(sinkSequence);
        this.sinkSequence = sinkSequence;
        this.maxInFlight = maxInFlight;
        this.out = new SlotPublisher(ring, capacity, sinkSequence, maxInFlight, name, ordinal, multi);
        this.policy = source.live() ? policy : LivePolicy.BLOCK;
        this.run = run;
        this.latest = this.policy == LivePolicy.KEEP_LATEST ? new LatestFeeder<>(this, run, ring, capacity, maxInFlight, multi) : null;
    }

    /**
     * Runs a per-source stage's instance on this source's thread, after the stages added before it;
     * its party lets it close. Before the run starts.
     */
    void fuse(StageWorker w, Party party) {
        stages.add(w, party);
    }

    /** Whether a feeder thread must run {@link #feedLatest()} beside the source thread (keep-latest). */
    boolean needsFeeder() {
        return latest != null;
    }

    /**
     * The source thread's body. When the feed ends the source is not closed at once: the thread
     * waits on {@code party} until the teardown lets it close, after every stage that can read the
     * source's frames; the stages it runs itself close before it, each when its own party may. An exception while the run is being halted (the runtime's interrupt reaching
     * a blocked {@code open} or {@code next}, such as a {@code ClosedByInterruptException}) is not
     * a failure of the source.
     */
    void runSource(Party party) {
        out.thread = Thread.currentThread();
        party.thread = out.thread;
        stages.ownedBy(out.thread);
        boolean sourceOpened = false;
        boolean stagesOpened = false;
        try {
            try {
                source.open();
                sourceOpened = true;
                stagesOpened = stages.open(run);
            } catch (Throwable t) {
                if (!run.aborting()) {
                    run.fail(new FrameFailure("source", 0, -1, t));
                }
            } finally {
                run.sourceOpenDone();
            }
            feed(sourceOpened && stagesOpened);
        } finally {
            if (latest != null) {
                latest.close();
            }
            stages.loopsEnded();
            party.loopEnded();
            stages.closeWhenAllowed();
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
                case KEEP_LATEST -> latest.capture();
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
                run.fail(new FrameFailure("source", 0, numbered(), t));
            }
        }
    }

    /**
     * Wait for room, then read. The sink's sequence as last read ({@code sunk}) is kept, as the
     * Disruptor's producer keeps its gating sequence: the delivering thread writes that sequence
     * every frame, so reading it every frame would cost a cache miss per frame across cores; it is
     * read again only once the frames published since would pass the bound.
     */
    @SuppressWarnings("unchecked")
    private void feedWaiting() throws Exception {
        long sunk = Long.MIN_VALUE;
        while (!run.stopping() && !run.aborting()) {
            long seq = ring.getCursor() + 1;
            while (seq - maxInFlight > sunk) {
                sunk = capacity.waitFor(seq - maxInFlight);
            }
            Slot slot = ring.get(seq);
            S read = next((S) slot.input);
            if (read == null) {
                break;
            }
            ring.next();
            out.publish(slot, seq, takeNumber(), read, lastTimestamp(), lastReadNanos());
        }
        publishEnd();
    }

    /** Wait for this source's room, then read into the spare and claim a slot (several sources). */
    @SuppressWarnings("unchecked")
    private void feedWaitingShared() throws Exception {
        while (!run.stopping() && !run.aborting()) {
            out.awaitOwnRoom();
            S read = next((S) spare);
            if (read == null) {
                break;
            }
            spare = out.publishShared(takeNumber(), read, lastTimestamp(), lastReadNanos());
        }
        publishEnd();
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
                if (!out.hasOwnRoom()) {
                    countDrop();
                    spare = captured;
                } else {
                    spare = out.publishShared(frame, captured, lastTimestamp(), lastReadNanos());
                }
                continue;
            }
            long seq = ring.getCursor() + 1;
            if (sinkSequence.get() < seq - maxInFlight) {
                countDrop();
                spare = captured;
                continue;
            }
            Slot slot = ring.get(ring.next());
            spare = slot.input;
            out.publish(slot, seq, frame, captured, lastTimestamp(), lastReadNanos());
        }
        publishEnd();
    }

    /** Tells the stages on this thread that the source ended, then publishes its end. */
    private void publishEnd() throws AlertException, InterruptedException, com.lmax.disruptor.TimeoutException {
        stages.endOfStream(sourceName(), run);
        out.publishEndOfStream(numbered());
    }

    /** Keep-latest, the feeder thread's body: when there is room, publish the newest frame. */
    void feedLatest() {
        latest.feed();
    }

    /** The frame still waiting in the keep-latest mailbox when the run stopped, or {@code null}. */
    S leftover() {
        return latest == null ? null : latest.leftover();
    }

    /** The number of the frame {@link #leftover()} returned. */
    long leftoverNumber() {
        return latest == null ? -1 : latest.leftoverNumber();
    }

    /** The frame objects the feed itself holds (a spare, the mailbox's holders), for release when the run ends. */
    java.util.List<Object> heldFrames() {
        java.util.List<Object> held = new java.util.ArrayList<>();
        if (spare != null) {
            held.add(spare);
        }
        if (latest != null) {
            latest.heldFrames(held);
        }
        out.heldFrames(held);
        return held;
    }

    /** Releases a feed blocked on room or on the mailbox: the run is stopping. */
    void halt() {
        capacity.alert();
        if (latest != null) {
            latest.abort();
        }
    }

    LivePolicy policy() {
        return policy;
    }
}
