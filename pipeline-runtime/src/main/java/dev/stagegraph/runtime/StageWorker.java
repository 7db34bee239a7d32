package dev.stagegraph.runtime;

import dev.stagegraph.ErrorPolicy;
import dev.stagegraph.FrameFailure;
import dev.stagegraph.ReplicaReport;
import dev.stagegraph.StageContext;
import dev.stagegraph.StageInstance;
import dev.stagegraph.StageNode;

/**
 * One stage instance and the per-frame step both runners share: read the inputs from the slot,
 * call the stage, write its cell, apply the error policy, count.
 *
 * <p>Confined to one thread at a time: the runner's thread for this instance. The counters are
 * plain fields written by that thread and read by the runner after the thread has stopped.
 */
final class StageWorker {
    final StageNode node;
    final int replica;
    private final StageContext context;
    private final int[] inputs;
    private final Object[] args;
    private final boolean timing;
    private final boolean failFast;
    private final FatalListener fatal;
    private final LatencyRecorder latency = new LatencyRecorder();

    private StageInstance instance;
    private boolean opened;
    long calls;
    long busyNanos;
    long openNanos;

    StageWorker(String pipeline, StageNode node, int replica, boolean timing, FatalListener fatal) {
        this.node = node;
        this.replica = replica;
        this.context = new StageContext(pipeline, node.name(), replica, node.replicas());
        this.inputs = new int[node.inputCount()];
        for (int k = 0; k < inputs.length; k++) {
            inputs[k] = node.input(k);
        }
        this.args = new Object[inputs.length];
        this.timing = timing;
        this.failFast = node.errorPolicy().kind() == ErrorPolicy.Kind.FAIL_FAST;
        this.fatal = fatal;
    }

    /** Makes and opens the instance; on failure nothing stays open. */
    void open() throws Exception {
        long start = System.nanoTime();
        try {
            instance = node.newInstance();
            instance.open(context);
            opened = true;
        } finally {
            openNanos = System.nanoTime() - start;
        }
    }

    boolean isOpen() {
        return opened;
    }

    /** Closes the instance if it opened; at most once. */
    void close() throws Exception {
        if (opened) {
            opened = false;
            instance.close();
        }
    }

    /** Whether this replica takes the frame: frames are dealt by frame number. */
    boolean owns(long frame) {
        return node.replicas() == 1 || frame % node.replicas() == replica;
    }

    /** Runs the stage on one frame and writes its cell. Never throws for a stage's exception. */
    void process(Slot slot) {
        Object[] cells = slot.cells;
        for (int k = 0; k < inputs.length; k++) {
            Object value = inputs[k] == StageNode.SOURCE ? slot.input : cells[inputs[k]];
            if (value == null || value instanceof Failed) {
                cells[node.index()] = value;
                clearArgs(k);
                return;
            }
            args[k] = value;
        }
        Object out;
        long start = timing ? System.nanoTime() : 0L;
        try {
            out = instance.process(args, slot.frame);
        } catch (Throwable t) {
            FrameFailure failure = new FrameFailure(node.name(), replica, slot.frame, t);
            out = new Failed(failure);
            if (failFast || t instanceof VirtualMachineError) {
                fatal.onFatal(failure);
            }
        }
        if (timing) {
            long took = System.nanoTime() - start;
            busyNanos += took;
            latency.record(took);
        }
        calls++;
        cells[node.index()] = out;
        clearArgs(args.length);
    }

    private void clearArgs(int upTo) {
        for (int k = 0; k < upTo; k++) {
            args[k] = null;
        }
    }

    LatencyRecorder latency() {
        return latency;
    }

    ReplicaReport report() {
        return new ReplicaReport(replica, calls, busyNanos, openNanos);
    }

    String describe() {
        return "stage '" + node.name() + "' (replica " + replica + ")";
    }
}
