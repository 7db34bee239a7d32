package dev.stagegraph.runtime;

import dev.stagegraph.report.FrameFailure;

/**
 * A parallel run as its source feeds see it ({@link SourceFeed.Run}): whether a drain or an abort
 * was asked for, the start latch the source's open counts toward and waits on, and the run's
 * failure path.
 *
 * <p>Made with its {@link ParallelExecution}, for the run; called on the source threads and the
 * keep-latest feeder threads. It keeps no state of its own: it reads the run's volatile flags and
 * uses its latch and {@link ParallelExecution#onFatal}, which are safe from any thread.
 */
final class ParallelFeedControl implements SourceFeed.Run {
    private final ParallelExecution<?, ?> run;

    ParallelFeedControl(ParallelExecution<?, ?> run) {
        this.run = run;
    }

    @Override
    public boolean stopping() {
        return run.stopRequested;
    }

    @Override
    public boolean aborting() {
        return run.abortRequested;
    }

    @Override
    public void sourceOpenDone() {
        run.opened.countDown();
    }

    @Override
    public void awaitAllOpened() throws InterruptedException {
        run.opened.await();
    }

    @Override
    public void fail(FrameFailure failure) {
        run.onFatal(failure);
    }
}
