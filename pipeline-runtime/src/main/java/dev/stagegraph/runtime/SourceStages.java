package dev.stagegraph.runtime;

import dev.stagegraph.report.FrameFailure;
import java.util.ArrayList;
import java.util.List;

/**
 * The per-source stages a source's thread runs itself, right after each read (see
 * {@link ParallelStages}): the thread opens them after its source, tells them of the source's end
 * before it publishes that end, and closes them before the source, downstream first, each when
 * the teardown lets its {@link Party} close, so they close in their place among the stages (a close
 * that overruns the stop bound holds up the source's close, which follows it on this thread).
 * Confined to the source's thread, apart from the parties; filled before the run starts.
 */
final class SourceStages {
    private final List<StageWorker> workers = new ArrayList<>();
    private final List<Party> parties = new ArrayList<>();

    /** Adds an instance, in topological order. */
    void add(StageWorker w, Party party) {
        workers.add(w);
        parties.add(party);
    }

    /**
     * Opens the instances in topological order; if one fails, fails the run naming it and returns
     * {@code false} (those that opened close at the end like the rest).
     */
    boolean open(SourceFeed.Run run) {
        for (StageWorker w : workers) {
            try {
                w.open();
            } catch (Throwable t) {
                if (!run.aborting()) {
                    run.fail(new FrameFailure(w.node.name(), w.replica, -1, t));
                }
                return false;
            }
        }
        return true;
    }

    /** Tells each instance its source ended, unless the run is being cut short; a failure fails the run. */
    void endOfStream(String source, SourceFeed.Run run) {
        for (StageWorker w : workers) {
            if (run.aborting()) {
                return;
            }
            FrameFailure failed = w.hearEndOf(source);
            if (failed != null) {
                run.fail(failed);
            }
        }
    }

    /** Names the thread that owns the parties, for the teardown's warnings; when it starts. */
    void ownedBy(Thread thread) {
        for (Party p : parties) {
            p.thread = thread;
        }
    }

    /** The thread will run none of them again. */
    void loopsEnded() {
        for (Party p : parties) {
            p.loopEnded();
        }
    }

    /** Closes each instance when its party may close, downstream first; each party records what its close threw. */
    void closeWhenAllowed() {
        for (int i = workers.size() - 1; i >= 0; i--) {
            parties.get(i).closeWhenAllowed(workers.get(i)::close);
        }
    }
}
