package dev.stagegraph.runtime;

import dev.stagegraph.report.FrameFailure;
import dev.stagegraph.source.Feed;
import dev.stagegraph.source.FrameSource;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.List;

/**
 * The frame loop of a sequential run and the sources it reads: takes one frame from each source
 * that still has frames in turn (round robin, in list order), runs it through the
 * {@link SequentialPlan} and hands it to the {@link Delivery}. A source's {@code n}th frame is
 * dealt to replica {@code (n + source position) % replicas}, as the parallel runner deals it.
 *
 * <p>Ownership: the frame object a source returns stays that source's; after delivery it is kept
 * to pass back to the same source as {@code reuse}, and whatever is still held when the run ends
 * is released to its source ({@link #releaseHeld}).
 *
 * <p>Per frame, with timing off, the loop reads the clock once (the take time every
 * {@link dev.stagegraph.FrameContext} promises) and allocates nothing. Confined to the running
 * thread, except {@link #framesIn()}, which any thread may read.
 */
final class SequentialFrames<S> {
    private static final VarHandle FRAMES_IN;

    static {
        try {
            FRAMES_IN = MethodHandles.lookup().findVarHandle(SequentialFrames.class, "framesIn", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final FrameSource<S>[] sources;
    final String[] names;
    /** Per source: a frame object of that source to pass back as {@code reuse}, or {@code null}. */
    private final Object[] reuse;
    /** Per source: frames taken (written by the running thread with opaque stores, read by meters on any thread). */
    private final long[] takenBy;
    private static final java.lang.invoke.VarHandle TAKEN = java.lang.invoke.MethodHandles.arrayElementVarHandle(long[].class);
    private final boolean timing;
    private final Slot slot;
    private final SequentialPlan plan;
    private final Delivery<S, ?> delivery;
    private final SequentialControl control;
    final EndTimer sourceTimer = new EndTimer("source");
    /** Frames taken from all sources; single writer, opaque stores so other threads can read it. */
    @SuppressWarnings("unused") // accessed through FRAMES_IN
    private long framesIn;
    private int opened;

    @SuppressWarnings("unchecked")
    SequentialFrames(List<Feed<S>> feeds, boolean timing, Slot slot, SequentialPlan plan, Delivery<S, ?> delivery,
            SequentialControl control) {
        this.sources = (FrameSource<S>[]) new FrameSource<?>[feeds.size()];
        this.names = new String[feeds.size()];
        for (int k = 0; k < sources.length; k++) {
            sources[k] = feeds.get(k).source();
            names[k] = feeds.get(k).name();
        }
        sourceTimer.instances(sources.length);
        this.reuse = new Object[sources.length];
        this.takenBy = new long[sources.length];
        this.timing = timing;
        this.slot = slot;
        this.plan = plan;
        this.delivery = delivery;
        this.control = control;
    }

    /** Frames taken so far; safe to read from any thread. */
    long framesIn() {
        return (long) FRAMES_IN.getOpaque(this);
    }

    /** Per source: frames taken; read after the running thread stopped. */
    /** Frames taken from source {@code k} so far; safe to read from any thread. */
    long taken(int k) {
        return (long) TAKEN.getOpaque(takenBy, k);
    }

    long[] takenBy() {
        return takenBy.clone();
    }

    /** The sources' total length, or -1 if any is unknown. */
    long length() {
        long length = 0;
        for (FrameSource<S> source : sources) {
            length = length < 0 || source.length() < 0 ? -1 : length + source.length();
        }
        return length;
    }

    /** Opens every source in order; on failure, the ones opened before are closed by {@link #close}. */
    void open() throws Exception {
        for (FrameSource<S> source : sources) {
            source.open();
            opened++;
        }
    }

    /** Closes the sources that opened; adds what the closes threw to {@code errors}. */
    void close(List<Throwable> errors) {
        for (int k = 0; k < opened; k++) {
            try {
                sources[k].close();
            } catch (Throwable t) {
                errors.add(new IllegalStateException(sources.length == 1 ? "closing the source failed"
                        : "closing the source '" + names[k] + "' failed", t));
            }
        }
    }

    /**
     * Runs frames until every source ended, or the run is stopped, aborted or failed.
     *
     * @return whether a frame was left in flight (in the slot, for the finisher)
     */
    boolean run() {
        int count = sources.length;
        long[] numbers = new long[count];
        long[] previous = new long[count];
        Arrays.fill(previous, Long.MIN_VALUE);
        boolean[] ended = new boolean[count];
        int active = count;
        for (int k = 0; active > 0 && !control.stopRequested && !control.ending(); k = k + 1 == count ? 0 : k + 1) {
            if (ended[k]) {
                continue;
            }
            S input;
            long readStart = timing ? sourceTimer.begin() : 0L;
            @SuppressWarnings("unchecked")
            S reusable = (S) reuse[k];
            reuse[k] = null;
            try {
                input = sources[k].next(reusable);
            } catch (Throwable t) {
                reuse[k] = reusable;
                if (!control.halting(t)) {
                    control.fail(new FrameFailure("source", 0, numbers[k], t));
                }
                return false;
            }
            long taken = timing ? sourceTimer.end(readStart) : System.nanoTime();
            if (input == null) {
                reuse[k] = reusable;
                ended[k] = true;
                active--;
                if (plan.endOfStream(k, names[k], control)) {
                    delivery.endOfStream(numbers[k], k, names[k]);
                }
                continue;
            }
            FRAMES_IN.setOpaque(this, framesIn + 1);
            TAKEN.setOpaque(takenBy, k, takenBy[k] + 1);
            long number = numbers[k]++;
            slot.take(number, number + k, names[k], input, sources[k].timestampNanos(), taken);
            slot.feed = k;
            slot.owner = k;
            slot.previousTimestampNanos = previous[k];
            previous[k] = slot.timestampNanos;
            if (!plan.process(slot, k, control) || !delivery.deliver(slot)) {
                return true;
            }
            reuse[k] = slot.input;
            slot.input = null;
        }
        return false;
    }

    /**
     * Releases every frame object still held to its source, except {@code kept} (an unfinished
     * frame the caller keeps); adds what the releases threw to {@code errors}. Called once, by the
     * finisher.
     */
    void releaseHeld(Object kept, List<Throwable> errors) {
        if (slot.input != null && slot.input != kept) {
            release(slot.feed, slot.input, errors);
        }
        for (int k = 0; k < reuse.length; k++) {
            if (reuse[k] != null && reuse[k] != slot.input) {
                release(k, reuse[k], errors);
            }
            reuse[k] = null;
        }
        slot.input = null;
    }

    @SuppressWarnings("unchecked")
    private void release(int k, Object frame, List<Throwable> errors) {
        try {
            sources[k].release((S) frame);
        } catch (Throwable t) {
            errors.add(new IllegalStateException("releasing a frame failed", t));
        }
    }
}
