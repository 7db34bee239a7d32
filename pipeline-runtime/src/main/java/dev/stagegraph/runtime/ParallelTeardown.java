package dev.stagegraph.runtime;

import dev.stagegraph.spi.StageNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The end of a parallel run, once: wait for the loops within the run's {@link Deadline},
 * interrupt the late ones, let each instance close on its own thread in reverse topological order
 * and then the sources, walk the slots between the sink's sequence and the cursor to account for
 * every unfinished frame, and build the report. Works on its execution's state under the
 * execution's monitor; the run's threads have stopped (or are named as stuck) by the time it reads
 * what they wrote.
 */
final class ParallelTeardown<S, R> {
    private final ParallelExecution<S, R> run;

    ParallelTeardown(ParallelExecution<S, R> run) {
        this.run = run;
    }

    /**
     * Tears the run down once, bounded by {@code timeoutNanos} (or a tighter deadline an abort sets
     * meanwhile): waits for the loops, interrupts those still running and gives them a grace, lets
     * each instance close on its own thread in reverse topological order and then the source, each
     * within a grace, and accounts for every frame. A thread that does not return is named in the
     * run.report; whatever it owns it closes itself if it ever returns. Never throws; an interrupt of
     * the calling thread is kept for it.
     */
    void finish(long timeoutNanos) {
        if (run.report != null) {
            return;
        }
        run.deadline.tighten(timeoutNanos);
        run.watchdog.stop();
        if (run.fatal.get() != null || run.abortRequested) {
            run.haltAll();
            run.threads.interruptSources();
        }
        List<Thread> stuck = awaitLoops();
        List<String> closeWarnings = new ArrayList<>();
        List<Throwable> closeErrors = closeAll(closeWarnings);
        for (Thread t : run.threads.all) {
            if (!stuck.contains(t)) {
                run.deadline.join(t, run.deadline::closes);
            }
        }
        account(stuck, closeErrors, closeWarnings);
        run.deadline.restoreInterrupt();
    }

    /** Waits for every loop to end; interrupts the late ones; returns the threads still in one. */
    private List<Thread> awaitLoops() {
        List<Thread> late = new ArrayList<>();
        for (Thread t : run.threads.all) {
            if (!loopEnded(t, run.deadline::loops)) {
                late.add(t);
            }
        }
        if (!late.isEmpty()) {
            run.haltAll();
            for (Thread t : late) {
                t.interrupt();
            }
        }
        List<Thread> stuck = new ArrayList<>();
        for (Thread t : late) {
            if (!loopEnded(t, run.deadline::afterInterrupt)) {
                stuck.add(t);
            }
        }
        run.deadline.loopsEnded();
        return stuck;
    }

    private boolean loopEnded(Thread t, java.util.function.LongSupplier until) {
        StageWorker w = run.threads.stageThreads.get(t);
        if (w != null) {
            return run.deadline.await(run.threads.parties.get(w).loopDone(), until);
        }
        Party source = run.threads.sources.get(t);
        return source != null ? run.deadline.await(source.loopDone(), until) : run.deadline.join(t, until);
    }

    /**
     * Lets the instances close, downstream first, each on its own thread, then the source; returns
     * what their closes threw, downstream first, and warns of those that did not close in time.
     */
    private List<Throwable> closeAll(List<String> warnings) {
        List<Party> order = new ArrayList<>(run.threads.parties.values());
        Collections.reverse(order);
        order.addAll(run.feeds.parties);
        List<Throwable> errors = new ArrayList<>();
        for (Party p : order) {
            p.allowClose();
            if (p.hasLoopEnded() && !run.deadline.await(p.closed, run.deadline::closes)) {
                warnings.add(p.name + " did not finish closing within the stop bound; its thread "
                        + (p.thread == null ? "" : p.thread.getName()) + " goes on closing it"
                        + (p.thread == null ? "" : " at:" + Watchdog.stack(p.thread.getStackTrace())));
            }
            if (p.hasClosed() && p.closeError() != null) {
                errors.add(new IllegalStateException(run.feeds.parties.contains(p) ? "closing " + p.name + " failed" : p.name + " failed to close",
                        p.closeError()));
            }
        }
        return errors;
    }

    @SuppressWarnings("unchecked")
    private void account(List<Thread> stuck, List<Throwable> closeErrors, List<String> closeWarnings) {
        List<S> left = new ArrayList<>();
        long aborted = 0;
        long published = run.ring.getCursor();
        boolean sinkStuck = stuck.contains(run.threads.sink);
        for (long seq = run.sinkSequence.get() + 1; seq <= published && run.ring.isAvailable(seq); seq++) {
            Slot slot = run.ring.get(seq);
            if (slot.endOfStream) {
                continue;
            }
            if (sinkStuck) {
                Failed failed = slot.firstFailure();
                if (failed != null) {
                    run.delivery.noteFailure(failed.failure(), slot.feed);
                    continue;
                }
            } else if (!run.delivery.deliverUnfinished(slot, stuck.isEmpty(), run.otherErrors::add)) {
                continue;
            }
            aborted++;
            left.add((S) slot.input);
        }
        for (SourceFeed<S> feed : run.feeds.all) {
            S staged = (S) feed.out.staged();
            if (staged != null) {
                aborted++;
                left.add(staged);
                if (!sinkStuck) {
                    run.delivery.deliverAbortedLeftover(feed.out.stagedNumber(), feed.ordinal, feed.sourceName(), staged,
                            run.otherErrors::add);
                }
            }
            S waiting = feed.leftover();
            if (waiting != null) {
                aborted++;
                left.add(waiting);
                if (!sinkStuck) {
                    run.delivery.deliverAbortedLeftover(feed.leftoverNumber(), feed.ordinal, feed.sourceName(), waiting, run.otherErrors::add);
                }
            }
            if (!sinkStuck) {
                run.delivery.endOfStream(feed.framesIn(), feed.ordinal, feed.sourceName());
            }
        }
        run.unfinished = Collections.unmodifiableList(left);
        if (stuck.isEmpty()) {
            run.feeds.releaseFrames(run.ring, left, run.otherErrors::add);
        }
        long end = run.endNanos != 0 ? run.endNanos : System.nanoTime();
        long first = run.feeds.firstFrameNanos();
        long wall = first == 0 ? 0 : end - first;
        long openNanos = run.feeds.openedNanos() == 0 ? end - run.startNanos : run.feeds.openedNanos() - run.startNanos;
        Map<String, String> notes = new LinkedHashMap<>();
        notes.put("threads", run.threads.all.size() + " (" + run.threads.stageThreads.size() + " stage instances, "
                + (run.feeds.multi ? run.feeds.size() + " sources" : "source") + run.stages.onSourceThreads()
                + (run.stages.sinkHost == null ? ", sink" : ", the sink on " + run.stages.sinkHost.describe() + "'s thread")
                + (run.feeds.needsFeeder() ? ", feeder" : "") + (run.watchdog.needed() ? ", watchdog" : "") + ") on "
                + Runtime.getRuntime().availableProcessors() + " cores");
        notes.put("ring", run.ring.getBufferSize() + " slots, at most " + run.maxInFlight + " frames in flight"
                + (run.feeds.multi ? " per source unless a source sets its own" : ""));
        notes.put("wait strategy", run.waitStrategy.toString());
        run.feeds.note(notes);
        List<String> warnings = new ArrayList<>(run.watchdog.incidents());
        warnings.addAll(closeWarnings);
        for (Thread t : stuck) {
            StageWorker w = run.threads.stageThreads.get(t);
            String fused = fusedOn(t);
            warnings.add("thread " + t.getName() + (w != null ? " (" + w.describe() + ", closed by that thread if it returns)"
                    : fused.isEmpty() ? "" : " (running " + fused + ", closed by that thread if it returns)")
                    + " ignored interrupts and is still running at:" + Watchdog.stack(t.getStackTrace()));
        }
        if (run.trace != null) {
            writeTrace(warnings);
        }
        Reports.Counts counts = new Reports.Counts(run.feeds.framesIn(), run.delivery.completed(), run.delivery.failed(), run.feeds.dropped(), aborted);
        run.report = Reports.build(run.pipeline, "parallel", run.stages.workers, run.feeds.timer(), run.delivery.sinkTimer(), counts, openNanos, wall, run.delivery.endToEnd(),
                run.delivery.firstFailures(), notes, warnings, run.feeds.reports(run.delivery, wall));
        run.failure = Reports.failure(run.fatal.get(), new ArrayList<>(run.otherErrors), closeErrors, run.report);
    }

    private void writeTrace(List<String> warnings) {
        List<String> tracks = new ArrayList<>();
        for (SourceFeed<S> feed : run.feeds.all) {
            tracks.add(prefixOf(run.feeds.multi ? "source-" + feed.sourceName() : "source"));
        }
        int[][] trackOf = new int[run.stages.workers.length][];
        for (StageWorker[] replicas : run.stages.workers) {
            StageNode node = replicas[0].node;
            trackOf[node.index()] = new int[replicas.length];
            for (StageWorker w : replicas) {
                if (w.fused) {
                    int host = node.input(0);
                    trackOf[node.index()][w.replica] = host == StageNode.SOURCE ? w.replica : trackOf[host][w.replica];
                } else {
                    trackOf[node.index()][w.replica] = tracks.size();
                    tracks.add(prefixOf(node.name() + "-" + w.replica));
                }
            }
        }
        tracks.add(prefixOf("sink"));
        try {
            run.trace.write(run.pipeline.stages(), (stage, replica) -> trackOf[stage][replica], tracks);
        } catch (java.io.IOException e) {
            warnings.add("the trace could not be written to " + run.trace.file() + ": " + e);
        }
    }

    /** The stage instances a source thread runs itself, named, or nothing for any other thread. */
    private String fusedOn(Thread t) {
        for (SourceFeed<S> feed : run.feeds.all) {
            if (feed.out.thread == t) {
                return ParallelStages.fusedOn(feed);
            }
        }
        return "";
    }

    private String prefixOf(String suffix) {
        return "stagegraph-" + run.pipeline.name() + "-" + suffix;
    }
}
