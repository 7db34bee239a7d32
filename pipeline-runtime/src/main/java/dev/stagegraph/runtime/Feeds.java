package dev.stagegraph.runtime;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import dev.stagegraph.source.Feed;
import dev.stagegraph.source.LivePolicy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The sources of one parallel run: one {@link SourceFeed} per source, each with its own settings,
 * numbers, thread and {@link Party}, and the sums the run reports. With one source the ring has a
 * single producer and everything is as before several sources were possible; with several it has
 * one producer per source and is sized so that no claim ever waits (see {@link SourceFeed}).
 */
final class Feeds<S> {
    final List<SourceFeed<S>> all = new ArrayList<>();
    final List<Party> parties = new ArrayList<>();
    final boolean multi;

    private Feeds(boolean multi) {
        this.multi = multi;
    }

    /** The ring size for these feeds: the runner's, or more so every source's bound and end slot fit. */
    static int ringSize(List<? extends Feed<?>> feeds, RunConfig config) {
        long needed = 0;
        for (Feed<?> f : feeds) {
            needed += bound(f, config);
        }
        if (feeds.size() > 1) {
            needed += feeds.size() + 1;
        }
        int size = config.ringSize();
        while (size < needed) {
            size <<= 1;
        }
        return size;
    }

    private static int bound(Feed<?> f, RunConfig config) {
        return f.maxInFlight() == 0 ? config.maxInFlight() : f.maxInFlight();
    }

    static <S> Feeds<S> create(List<Feed<S>> feeds, RingBuffer<Slot> ring, Sequence sinkSequence, RunConfig config,
            SourceFeed.Run run) {
        Feeds<S> result = new Feeds<>(feeds.size() > 1);
        for (int k = 0; k < feeds.size(); k++) {
            Feed<S> f = feeds.get(k);
            LivePolicy policy = f.livePolicy() == null ? config.livePolicy() : f.livePolicy();
            result.all.add(new SourceFeed<>(f.source(), f.name(), k, result.multi, ring, sinkSequence, bound(f, config), policy,
                    config.timing(), run));
            result.parties.add(new Party(result.multi ? "the source '" + f.name() + "'" : "the source"));
        }
        return result;
    }

    int size() {
        return all.size();
    }

    /** Frames the sources' fused stages are working on before their slots are claimed: they wait too. */
    long staged() {
        long n = 0;
        for (SourceFeed<S> f : all) {
            if (f.out.staged() != null) {
                n++;
            }
        }
        return n;
    }

    /** Whether every source is read under {@link LivePolicy#BLOCK} (recorded sources always are). */
    boolean allBlock() {
        for (SourceFeed<S> f : all) {
            if (f.policy() != LivePolicy.BLOCK) {
                return false;
            }
        }
        return true;
    }

    SourceFeed<S> get(int k) {
        return all.get(k);
    }

    long framesIn() {
        long sum = 0;
        for (SourceFeed<S> f : all) {
            sum += f.framesIn();
        }
        return sum;
    }

    long dropped() {
        long sum = 0;
        for (SourceFeed<S> f : all) {
            sum += f.dropped();
        }
        return sum;
    }

    /** The frames every source will deliver, or -1 if one does not know. */
    long length() {
        long sum = 0;
        for (SourceFeed<S> f : all) {
            long n = f.source().length();
            if (n < 0) {
                return -1;
            }
            sum += n;
        }
        return sum;
    }

    /** When the first source had opened with every instance, or 0. */
    long openedNanos() {
        long first = 0;
        for (SourceFeed<S> f : all) {
            long t = f.openedNanos();
            first = t != 0 && (first == 0 || t < first) ? t : first;
        }
        return first;
    }

    /** When the first frame was asked of any source, or 0. */
    long firstFrameNanos() {
        long first = 0;
        for (SourceFeed<S> f : all) {
            long t = f.firstFrameNanos();
            first = t != 0 && (first == 0 || t < first) ? t : first;
        }
        return first;
    }

    boolean needsFeeder() {
        for (SourceFeed<S> f : all) {
            if (f.needsFeeder()) {
                return true;
            }
        }
        return false;
    }

    /** The sources' reads as one timer: the source's own for one source, a sum over their threads for several. */
    EndTimer timer() {
        if (!multi) {
            return all.get(0).timer();
        }
        EndTimer sum = new EndTimer("source").instances(all.size());
        for (SourceFeed<S> f : all) {
            sum.add(f.timer());
        }
        return sum;
    }

    /** The per-source reports, once the run is over. */
    List<dev.stagegraph.report.SourceReport> reports(Delivery<?, ?> delivery, long wallNanos) {
        String[] names = new String[all.size()];
        long[] in = new long[all.size()];
        long[] drops = new long[all.size()];
        for (SourceFeed<S> f : all) {
            names[f.ordinal] = f.sourceName();
            in[f.ordinal] = f.framesIn();
            drops[f.ordinal] = f.dropped();
        }
        return delivery.sourceReports(names, in, drops, wallNanos);
    }

    void halt() {
        for (SourceFeed<S> f : all) {
            f.halt();
        }
    }

    /** Adds each live source's policy and drops to the report's notes. */
    void note(Map<String, String> notes) {
        for (SourceFeed<S> f : all) {
            if (f.live()) {
                notes.put(multi ? "live source '" + f.sourceName() + "'" : "live source", f.policy().name().toLowerCase(java.util.Locale.ROOT)
                        .replace('_', '-') + ", " + f.dropped() + " frames dropped");
            }
        }
    }

    /**
     * Hands every frame object the run still holds, except those in {@code handedBack}, to the
     * release of the source it belongs to, once each, then empties the slots.
     */
    void releaseFrames(RingBuffer<Slot> ring, List<S> handedBack, Consumer<Throwable> errors) {
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        seen.addAll(handedBack);
        for (SourceFeed<S> f : all) {
            for (Object frame : f.heldFrames()) {
                release(f, frame, seen, errors);
            }
        }
        for (long seq = 0; seq < ring.getBufferSize(); seq++) {
            Slot slot = ring.get(seq);
            release(all.get(slot.owner), slot.input, seen, errors);
            slot.input = null;
        }
    }

    @SuppressWarnings("unchecked")
    private void release(SourceFeed<S> feed, Object frame, Set<Object> seen, Consumer<Throwable> errors) {
        if (frame != null && seen.add(frame)) {
            try {
                feed.source().release((S) frame);
            } catch (Throwable t) {
                errors.accept(new IllegalStateException("releasing a frame of source '" + feed.sourceName() + "' failed", t));
            }
        }
    }
}
