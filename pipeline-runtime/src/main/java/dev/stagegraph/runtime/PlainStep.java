package dev.stagegraph.runtime;

/**
 * The untimed fast path of one stage instance, for the sequential runner: with the same outcome
 * and counts as {@link StageWorker#process}, without the timing and time-limit steps, it reads the
 * inputs once and calls the stage. A missing or failed input, or an instance that is not open, goes
 * the general way. Taken only by a {@link StageWorker#plain()} worker.
 *
 * <p>Made with its {@link StageWorker} and confined to the instance's thread, as the worker is; it
 * holds no state of its own, only final references to the worker's parts.
 */
final class PlainStep {
    private final StageWorker worker;
    private final StageInputs in;
    private final Object[] args;
    private final StageCalls calls;
    private final int me;

    PlainStep(StageWorker worker) {
        this.worker = worker;
        this.in = worker.in;
        this.args = in.args;
        this.calls = worker.calls;
        this.me = worker.node.index();
    }

    /** Runs the stage on one frame and writes its cell. Never throws for a stage's exception. */
    void process(Slot slot) {
        StageWorker w = worker;
        if (!w.isOpen()) {
            w.step(slot, 0L);
            return;
        }
        if (!in.gatherPresent(slot)) {
            w.step(slot, 0L);
            return;
        }
        Object[] cells = slot.cells;
        Object out;
        Throwable thrown = null;
        try {
            out = w.instance().process(args, slot);
        } catch (Throwable t) {
            out = null;
            thrown = t;
        }
        if (w.outputType == null && out != null) {
            w.outputType = out.getClass();
        }
        calls.counted();
        in.clear();
        if (thrown == null) {
            cells[me] = out;
        } else if (!w.halting(thrown)) {
            cells[me] = w.fail(slot.frame, thrown, false);
        }
    }
}
