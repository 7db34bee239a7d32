package dev.stagegraph.runtime;

import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import dev.stagegraph.report.FrameFailure;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The threads of one parallel run: one per threaded stage instance (a fused one has none; a
 * per-source one on its source's thread has a party there), one per source (and a feeder
 * for a keep-latest source), a sink thread unless an instance delivers, a watchdog when needed.
 * Each is a daemon whose body, if anything unexpected escapes it, fails the run instead of dying
 * silently and leaving it hanging. Made by the execution's constructor before any starts; the
 * collections are read-only afterwards.
 */
final class RunThreads {
    private final FatalListener fatal;
    final List<Thread> all = new ArrayList<>();
    final Map<Thread, StageWorker> stageThreads = new LinkedHashMap<>();
    final Map<StageWorker, Party> parties = new LinkedHashMap<>();
    final Map<Thread, Party> sources = new LinkedHashMap<>();
    private final List<Thread> feeders = new ArrayList<>();
    /** The thread that delivers: the result stage's, when it has one instance, else a sink thread of its own. */
    Thread sink;

    RunThreads(FatalListener fatal) {
        this.fatal = fatal;
    }

    /** Makes the stage, source, feeder and sink threads, named {@code prefix} + role. */
    <S> void make(String prefix, ParallelStages stages, ParallelLoops<S, ?> loops, Feeds<S> feeds) {
        for (StageWorker[] replicas : stages.workers) {
            if (replicas[0].fused) {
                if (!replicas[0].node.inline()) {
                    onSourceThreads(replicas, feeds);
                }
                continue;
            }
            for (StageWorker w : replicas) {
                Sequence seq = stages.sequences[w.node.index()][w.replica];
                SequenceBarrier barrier = stages.barriers[w.node.index()][w.replica];
                Party party = new Party(w.describe());
                Thread t = newThread(prefix + w.node.name() + "-" + w.replica, w.node.name(), w.replica,
                        () -> loops.runStage(w, party, seq, barrier));
                if (w == stages.sinkHost) {
                    sink = t;
                }
                stageThreads.put(t, w);
                parties.put(w, party);
            }
        }
        for (SourceFeed<S> feed : feeds.all) {
            String suffix = feeds.multi ? "-" + feed.sourceName() : "";
            Party party = feeds.parties.get(feed.ordinal);
            sources.put(newThread(prefix + "source" + suffix, "source", 0, () -> feed.runSource(party)), party);
            if (feed.needsFeeder()) {
                feeders.add(newThread(prefix + "feeder" + suffix, "feeder", 0, feed::feedLatest));
            }
        }
        if (stages.sinkHost == null) {
            sink = newThread(prefix + "sink", "sink", 0, loops::runSink);
        }
    }

    /**
     * A per-source stage fused onto its sources' threads: each instance gets a party of its own, so
     * the teardown lets it close in its place among the stages, and its source's thread owns it.
     */
    private <S> void onSourceThreads(StageWorker[] replicas, Feeds<S> feeds) {
        for (StageWorker w : replicas) {
            Party party = new Party(w.describe());
            parties.put(w, party);
            feeds.get(w.replica).fuse(w, party);
        }
    }

    /** A runtime thread whose escaping throwable fails the run as {@code role} (replica {@code replica}). */
    Thread newThread(String name, String role, int replica, Runnable body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                fatal.onFatal(new FrameFailure(role, replica, -1, new IllegalStateException("runtime thread " + name + " failed", e)));
            }
        }, name);
        t.setDaemon(true);
        all.add(t);
        return t;
    }

    void startAll() {
        for (Thread t : all) {
            t.start();
        }
    }

    /** Wakes the keep-latest feeders (not the calling thread): the run is stopping. */
    void interruptFeeders() {
        for (Thread feeder : feeders) {
            if (feeder != Thread.currentThread()) {
                feeder.interrupt();
            }
        }
    }

    /** Wakes a source blocked in {@code next} (or {@code open}): the run no longer needs its frames. */
    void interruptSources() {
        for (Map.Entry<Thread, Party> e : sources.entrySet()) {
            if (!e.getValue().hasLoopEnded() && e.getKey() != Thread.currentThread()) {
                e.getKey().interrupt();
            }
        }
    }
}
