package dev.stagegraph.runtime;

import dev.stagegraph.Param;
import dev.stagegraph.Pipeline;
import dev.stagegraph.report.FrameFailure;
import dev.stagegraph.spi.StageNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The stage instances of a sequential run and, decided once when the run is made, which instance
 * takes each source's frames at each stage, so that the per-frame step is a loop over an array.
 * Instances are made exactly as the parallel runner makes them: one per source for a per-source
 * stage (and for a map on the source port, which runs on each source's publishing thread there),
 * one for any other inline stage, else one per replica; a replicated stage's instance is chosen by
 * the frame's position among the frames taken ({@code index % replicas}).
 *
 * <p>Confined to the running thread once the run starts, like the workers.
 */
final class SequentialPlan {
    /** By stage (topological order): its instances. */
    final StageWorker[][] workers;
    /** Per source, by stage: the instance that takes every frame of that source, or {@code null} if replicas are dealt frames. */
    private final StageWorker[][] order;
    /** By stage: whether its instances take the plain step ({@link StageWorker#plain()}). */
    private final boolean[] plain;

    SequentialPlan(Pipeline<?, ?> pipeline, int sources, boolean timing, SequentialControl control, Map<Param<?>, Object> params) {
        List<StageNode> nodes = pipeline.stages();
        this.workers = new StageWorker[nodes.size()][];
        this.order = new StageWorker[sources][nodes.size()];
        this.plain = new boolean[nodes.size()];
        for (StageNode node : nodes) {
            boolean bySource = bySource(node);
            int count = bySource ? sources : node.inline() ? 1 : node.replicas();
            StageWorker[] instances = new StageWorker[count];
            for (int r = 0; r < count; r++) {
                instances[r] = new StageWorker(pipeline.name(), node, r, count, timing, control.onFatal, control::halting, params);
            }
            workers[node.index()] = instances;
            plain[node.index()] = instances[0].plain();
            for (int k = 0; k < sources; k++) {
                order[k][node.index()] = bySource ? instances[k] : count == 1 ? instances[0] : null;
            }
        }
    }

    /**
     * Whether the stage has one instance per source, as in the parallel runner: a per-source stage,
     * and a map on the source port.
     */
    private static boolean bySource(StageNode node) {
        return node.perSource() || node.inline() && node.input(0) == StageNode.SOURCE;
    }

    /**
     * Runs the frame in {@code slot}, of source {@code k}, through every stage in topological
     * order; stops after the first call after which the run is ending.
     *
     * @return {@code false} if the run is ending and the frame is left unfinished
     */
    boolean process(Slot slot, int k, SequentialControl control) {
        StageWorker[] steps = order[k];
        for (int s = 0; s < steps.length; s++) {
            StageWorker w = steps[s];
            if (w == null) {
                StageWorker[] replicas = workers[s];
                w = replicas[(int) (slot.index % replicas.length)];
            }
            if (plain[s]) {
                w.processPlain(slot);
            } else {
                w.process(slot);
            }
            if (control.ending()) {
                return false;
            }
        }
        return true;
    }

    /** Every instance, in topological order. */
    List<StageWorker> all() {
        List<StageWorker> all = new ArrayList<>();
        for (StageWorker[] replicas : workers) {
            all.addAll(List.of(replicas));
        }
        return all;
    }

    /**
     * Opens every instance in topological order on the calling thread; stops at the first that
     * fails and records the failure as fatal unless the run is being halted.
     *
     * @return whether every instance opened
     */
    boolean open(SequentialControl control) {
        for (StageWorker[] replicas : workers) {
            for (StageWorker w : replicas) {
                try {
                    w.open();
                } catch (Throwable t) {
                    if (!control.halting(t)) {
                        control.fail(new FrameFailure(w.node.name(), w.replica, -1, t));
                    }
                    return false;
                }
            }
        }
        return true;
    }

    /** Closes every instance that opened, in reverse topological order; adds what the closes threw to {@code errors}. */
    void close(List<Throwable> errors) {
        for (int i = workers.length - 1; i >= 0; i--) {
            for (int r = workers[i].length - 1; r >= 0; r--) {
                StageWorker w = workers[i][r];
                try {
                    w.close();
                } catch (Throwable t) {
                    errors.add(new IllegalStateException(w.describe() + " failed to close", t));
                }
            }
        }
    }

    /**
     * Source {@code k} ended: every instance that hears of it emits its final state, in topological
     * order, unless the run is failing or aborting.
     *
     * @return {@code false} if it stopped because the run is failing or aborting
     */
    boolean endOfStream(int k, String sourceName, SequentialControl control) {
        for (StageWorker[] replicas : workers) {
            for (StageWorker w : replicas) {
                if (control.fatal() != null || control.abortRequested()) {
                    return false;
                }
                if (!w.hearsEndOf(k)) {
                    continue;
                }
                FrameFailure failed = w.hearEndOf(sourceName);
                if (failed != null) {
                    control.fail(failed);
                }
            }
        }
        return true;
    }
}
