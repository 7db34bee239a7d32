package dev.stagegraph.runtime;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import dev.stagegraph.Pipeline;
import dev.stagegraph.spi.StageNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.StringJoiner;

/**
 * The stage instances of one parallel run and how they are wired on the ring: per stage, its
 * workers, and per instance its {@link Sequence} and the {@link SequenceBarrier} on the sequences of
 * the stages it reads (the ring's cursor for stages that read the source). Fused stages run on
 * their writer's thread and have no sequence of their own: inline functions, which get a worker
 * per instance of their writer and share its sequences, and, once a run has
 * {@code fuseFromSources} sources or more, per-source stages that read only the source (each
 * source's instance runs on that source's thread, and so do its inline and per-source followers
 * that read only it). The instance that delivers ({@link #sinkHost}, if any) has the sink's
 * sequence as its own. Built once before the run's threads start; read-only afterwards.
 */
final class ParallelStages {
    /** Makes one stage instance's worker. */
    interface Factory {
        StageWorker worker(StageNode node, int replica, int count);
    }

    final StageWorker[][] workers;
    final Sequence[][] sequences;
    final SequenceBarrier[][] barriers;
    /** The single instance that runs the result stage and delivers on its thread, or {@code null} for a sink thread. */
    final StageWorker sinkHost;
    /** Stage instances that get a thread of their own. */
    final int threaded;

    ParallelStages(Pipeline<?, ?> pipeline, RingBuffer<Slot> ring, Feeds<?> feeds, Sequence sinkSequence, int fuseFromSources,
            Factory factory) {
        List<StageNode> nodes = pipeline.stages();
        int stageCount = nodes.size();
        this.workers = new StageWorker[stageCount][];
        this.sequences = new Sequence[stageCount][];
        this.barriers = new SequenceBarrier[stageCount][];
        int instances = 0;
        boolean fuseSources = feeds.multi && feeds.size() >= fuseFromSources && feeds.allBlock();
        for (StageNode node : nodes) {
            int i = node.index();
            if (node.inline() || fuseSources && onSourceThread(node)) {
                fuse(node, feeds, factory);
                continue;
            }
            int count = node.perSource() ? feeds.size() : node.replicas();
            workers[i] = new StageWorker[count];
            sequences[i] = new Sequence[count];
            barriers[i] = new SequenceBarrier[count];
            Sequence[] upstream = upstreamSequences(node);
            for (int r = 0; r < count; r++) {
                workers[i][r] = factory.worker(node, r, count);
                sequences[i][r] = new Sequence();
                barriers[i][r] = ring.newBarrier(upstream);
                instances++;
            }
        }
        this.threaded = instances;
        this.sinkHost = findSinkHost(pipeline.resultStage());
        if (sinkHost != null) {
            sequences[sinkHost.node.index()][0] = sinkSequence;
        }
    }

    /** For the report's thread note: the per-source stages each source's thread runs, or nothing. */
    String onSourceThreads() {
        StringJoiner names = new StringJoiner("', '", " each running '", "'");
        names.setEmptyValue("");
        for (StageWorker[] replicas : workers) {
            if (replicas[0].fused && !replicas[0].node.inline() && replicas[0].node.perSource()) {
                names.add(replicas[0].node.name());
            }
        }
        return names.toString();
    }

    /** The instances a source's thread runs after each read, named, for reports. */
    static String fusedOn(SourceFeed<?> feed) {
        StringJoiner names = new StringJoiner(", ");
        for (StageWorker w : feed.out.inline) {
            addWithFollowers(w, names);
        }
        return names.toString();
    }

    private static void addWithFollowers(StageWorker w, StringJoiner names) {
        names.add(w.describe());
        for (StageWorker after : w.inlineAfter) {
            addWithFollowers(after, names);
        }
    }

    /** Lets every instance sample the timing of cheap calls (see {@link StageTiming}). */
    void sampleTiming() {
        for (StageWorker[] replicas : workers) {
            for (StageWorker w : replicas) {
                w.timer.sampleFrames();
            }
        }
    }

    /**
     * Whether a per-source stage can run on its source's thread: it reads only the source, or only
     * a stage already there, and needs no thread of its own (no time limit for the watchdog to
     * interrupt, no batches to wait for).
     */
    private boolean onSourceThread(StageNode node) {
        if (!node.perSource() || node.inputCount() != 1 || node.batched() || node.timeLimit() != null) {
            return false;
        }
        int host = node.input(0);
        return host == StageNode.SOURCE || workers[host][0].fused && workers[host][0].node.perSource();
    }

    /**
     * A fused stage gets one worker per instance of its input's writer, run on that instance's
     * thread right after it (the source's: on the publishing thread), and shares its writer's
     * sequences: its cell is written before the writer advances, so readers wait on the writer.
     */
    private void fuse(StageNode node, Feeds<?> feeds, Factory factory) {
        int i = node.index();
        int host = node.input(0);
        int count = host == StageNode.SOURCE ? feeds.size() : workers[host].length;
        workers[i] = new StageWorker[count];
        for (int r = 0; r < count; r++) {
            StageWorker w = factory.worker(node, r, count);
            w.fused = true;
            workers[i][r] = w;
            if (host == StageNode.SOURCE) {
                SourceFeed<?> feed = feeds.get(r);
                feed.out.inline = append(feed.out.inline, w);
            } else {
                workers[host][r].inlineAfter = append(workers[host][r].inlineAfter, w);
            }
        }
        if (host != StageNode.SOURCE) {
            sequences[i] = sequences[host];
            barriers[i] = barriers[host];
        } else {
            sequences[i] = new Sequence[0];
            barriers[i] = new SequenceBarrier[0];
        }
    }

    /**
     * The instance whose thread can deliver too: the result stage's (or, for a fused result, its
     * host's) when it has a single instance on a thread of its own and takes frames one at a time (a
     * batch loop advances its sequence per batch, not per frame). Nothing but the sink reads the
     * result stage's sequence (every stage leads to the result), so that instance's sequence becomes
     * the sink's: one thread and one hand-off fewer per frame.
     */
    private StageWorker findSinkHost(StageNode result) {
        int i = result.index();
        if (workers[i].length != 1) {
            return null;
        }
        while (workers[i][0].fused) {
            i = workers[i][0].node.input(0);
            if (i == StageNode.SOURCE) {
                return null;
            }
        }
        if (workers[i].length != 1 || workers[i][0].batches()) {
            return null;
        }
        return workers[i][0];
    }

    private static StageWorker[] append(StageWorker[] list, StageWorker w) {
        StageWorker[] more = java.util.Arrays.copyOf(list, list.length + 1);
        more[list.length] = w;
        return more;
    }

    private Sequence[] upstreamSequences(StageNode node) {
        List<Sequence> upstream = new ArrayList<>();
        for (int k = 0; k < node.inputCount(); k++) {
            int in = node.input(k);
            if (in != StageNode.SOURCE) {
                Collections.addAll(upstream, sequences[in]);
            }
        }
        return upstream.toArray(new Sequence[0]);
    }

    /** Frames ready for a stage instance that it has not passed yet. */
    double backlog(StageWorker w) {
        if (w.fused) {
            return 0;
        }
        int i = w.node.index();
        return Math.max(0, barriers[i][w.replica].getCursor() - sequences[i][w.replica].get());
    }

    /**
     * Names what a stalled run waits on: the earliest stage with frames waiting, else the stages a
     * source's thread runs on a frame it has not published, else the sink; with that thread's stack.
     */
    String describeStall(Thread sinkThread, Feeds<?> feeds) {
        StageWorker stuck = null;
        long lowest = Long.MAX_VALUE;
        for (StageWorker[] replicas : workers) {
            for (StageWorker w : replicas) {
                if (w.fused) {
                    continue;
                }
                long own = sequences[w.node.index()][w.replica].get();
                long available = barriers[w.node.index()][w.replica].getCursor();
                if (available > own && own < lowest) {
                    lowest = own;
                    stuck = w;
                }
            }
        }
        if (stuck == null) {
            for (SourceFeed<?> feed : feeds.all) {
                Thread t = feed.out.thread;
                if (feed.out.staged() != null && t != null) {
                    return "source '" + feed.sourceName() + "' has not published its frame " + feed.out.stagedNumber()
                            + ": its thread " + t.getName() + " runs " + fusedOn(feed) + " on it and is " + t.getState() + " at:"
                            + Watchdog.stack(t.getStackTrace());
                }
            }
        }
        Thread t = stuck != null ? stuck.thread : sinkThread;
        String who = stuck != null ? stuck.describe() + " is behind (frames up to sequence " + (lowest + 1) + " wait for it)"
                : "the sink is behind";
        return who + "; its thread " + t.getName() + " is " + t.getState() + " at:" + Watchdog.stack(t.getStackTrace());
    }
}
