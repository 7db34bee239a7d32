package dev.stagegraph.runtime;

import dev.stagegraph.FrameSink;
import dev.stagegraph.Outcome;
import dev.stagegraph.Pipeline;
import dev.stagegraph.PipelineFailedException;
import dev.stagegraph.Runner;
import dev.stagegraph.report.FrameFailure;
import dev.stagegraph.report.RunReport;
import dev.stagegraph.source.FrameSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/** Shared fixtures: the runners under test, a recording sink, and a view of the runtime's threads. */
final class TestRunners {
    private TestRunners() {}

    /** Both runners, for parameterised tests: every promise holds for each. */
    static Stream<Runner> both() {
        return Stream.of(SequentialRunner.create(), ParallelRunner.builder().ringSize(8).build());
    }

    /** A recorded source of the frames {@code 0 .. count - 1}. */
    static FrameSource<Long> frames(long count) {
        return FrameSource.of(LongStream.range(0, count).boxed().toList());
    }

    /** How a run ended: its report, and the failure if it failed. */
    record Ending(RunReport report, PipelineFailedException failure) {
        /** Every frame taken is completed, failed, dropped or aborted. */
        boolean accounted() {
            return report.framesIn() == report.completed() + report.failed() + report.dropped() + report.aborted();
        }
    }

    /** Runs to the end and returns the report whether or not the run failed. */
    static <S, R> Ending outcome(Runner runner, Pipeline<S, R> pipeline, FrameSource<S> source, FrameSink<? super S, ? super R> sink)
            throws InterruptedException {
        try {
            return new Ending(runner.run(pipeline, source, sink), null);
        } catch (PipelineFailedException e) {
            return new Ending(e.report(), e);
        }
    }

    /** Every frame taken is completed, failed, dropped or aborted. */
    static boolean accounted(RunReport r) {
        return r.framesIn() == r.completed() + r.failed() + r.dropped() + r.aborted();
    }

    /** Busy-waits, deaf to interrupts, while {@code flag} is set: a stage that ignores interrupts. */
    static void spinWhile(java.util.concurrent.atomic.AtomicBoolean flag) {
        while (flag.get()) {
            Thread.onSpinWait();
        }
    }

    /** A thread calling {@code await()} on a run, and what it got. */
    record Awaiting(Thread thread, java.util.concurrent.CompletableFuture<Ending> outcome) {
        Ending get(long timeout, java.util.concurrent.TimeUnit unit) throws Exception {
            return outcome.get(timeout, unit);
        }
    }

    /** Calls {@code await()} on its own thread (a sequential run executes there). */
    static Awaiting awaitAsync(dev.stagegraph.Execution<?> run) {
        java.util.concurrent.CompletableFuture<Ending> f = new java.util.concurrent.CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                f.complete(new Ending(run.await(), null));
            } catch (PipelineFailedException e) {
                f.complete(new Ending(e.report(), e));
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        }, "test-await");
        t.setDaemon(true);
        t.start();
        return new Awaiting(t, f);
    }

    /**
     * Aborts {@code run} (bounded by 2 s) once {@code hung} has counted down, at most 30 s on, and
     * closes it. A sequential run executes inside {@code await()}, so it is awaited on a thread of its
     * own meanwhile, joined (at most 30 s) before the run is closed.
     *
     * @return the report {@code abort} returned
     */
    static RunReport abortOnceHung(Runner runner, dev.stagegraph.Execution<?> run, java.util.concurrent.CountDownLatch hung)
            throws Exception {
        Awaiting awaiting = runner.mode().equals("sequential") ? awaitAsync(run) : null;
        if (!hung.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
            throw new AssertionError("the stage did not reach the frame it hangs on within 30 s");
        }
        RunReport report = run.abort(java.time.Duration.ofSeconds(2));
        if (awaiting != null) {
            awaiting.thread().join(java.util.concurrent.TimeUnit.SECONDS.toMillis(30));
        }
        run.close();
        return report;
    }

    /** Waits (at most 10 s) until the reference is set, and returns it. */
    static <T> T set(java.util.concurrent.atomic.AtomicReference<T> ref) {
        long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (ref.get() == null && System.nanoTime() < until) {
            Thread.onSpinWait();
        }
        return java.util.Objects.requireNonNull(ref.get(), "never set");
    }

    /** Waits (at most 10 s) until the thread blocks: waiting on a lock, a latch or a condition. */
    static void waitUntilBlocked(Thread t) {
        long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < until) {
            Thread.State s = t.getState();
            if (s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING || s == Thread.State.BLOCKED) {
                return;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError(t.getName() + " never blocked: " + t.getState());
    }

    /** Something to run that may throw anything. */
    interface Call<T> {
        T call() throws Exception;
    }

    /** Runs {@code call} on this thread and checks it returned within {@code bound}: a liveness bound, not a speed claim. */
    static <T> T within(java.time.Duration bound, Call<T> call) throws Exception {
        long start = System.nanoTime();
        T result = call.call();
        long took = System.nanoTime() - start;
        if (took > bound.toNanos()) {
            throw new AssertionError("took " + took / 1_000_000 + " ms, more than its bound of " + bound.toMillis() + " ms");
        }
        return result;
    }

    /** What an action threw, or {@code null}. */
    static Throwable thrownBy(Call<?> action) {
        try {
            action.call();
            return null;
        } catch (Throwable t) {
            return t;
        }
    }

    /**
     * A wait strategy that breaks (throws an unexpected exception) on the delivering thread only:
     * the sink's, or that of a single-instance stage named {@code id}, which delivers too.
     */
    static com.lmax.disruptor.WaitStrategy brokenWaitStrategy() {
        ProgressWaitStrategy real = new ProgressWaitStrategy();
        return new com.lmax.disruptor.WaitStrategy() {
            @Override
            public long waitFor(long sequence, com.lmax.disruptor.Sequence cursor, com.lmax.disruptor.Sequence dependent,
                    com.lmax.disruptor.SequenceBarrier barrier) throws com.lmax.disruptor.AlertException, InterruptedException {
                String name = Thread.currentThread().getName();
                if (name.endsWith("-sink") || name.endsWith("-id-0")) {
                    throw new UnsupportedOperationException("broken wait strategy");
                }
                return real.waitFor(sequence, cursor, dependent, barrier);
            }

            @Override
            public void signalAllWhenBlocking() {
                real.signalAllWhenBlocking();
            }
        };
    }

    /** The runtime's threads that are alive now. */
    static Set<String> liveRuntimeThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("stagegraph-")).collect(Collectors.toSet());
    }

    /**
     * A sink in the shape of callbacks per kind, for tests that only care about results and
     * failures: dropped and aborted outcomes go to {@link #onOther}, which ignores them.
     */
    abstract static class LegacySink<S, R> implements FrameSink<S, R> {
        @Override
        public final void accept(Outcome<? extends S, ? extends R> o) throws Exception {
            switch (o.kind()) {
                case RESULT, NO_RESULT -> onResult(o.frame().number(), o.input(), o.result());
                case FAILED -> onFailure(o.frame().number(), o.input(), o.failure());
                default -> onOther(o);
            }
        }

        public abstract void onResult(long frame, S input, R result) throws Exception;

        public void onFailure(long frame, S input, FrameFailure failure) throws Exception {}

        public void onOther(Outcome<? extends S, ? extends R> outcome) {}
    }

    /** A three-argument result callback. */
    @FunctionalInterface
    interface ResultFn<S, R> {
        void onResult(long frame, S input, R result) throws Exception;
    }

    /** A sink that hands results to {@code fn} and ignores every other outcome. */
    static <S, R> FrameSink<S, R> results(ResultFn<S, R> fn) {
        return o -> {
            if (o.kind() == Outcome.Kind.RESULT || o.kind() == Outcome.Kind.NO_RESULT) {
                fn.onResult(o.frame().number(), o.input(), o.result());
            }
        };
    }

    /** A sink that keeps every frame number and result in arrival order. */
    static final class RecordingSink<S, R> extends TestRunners.LegacySink<S, R> {
        final List<Long> frames = Collections.synchronizedList(new ArrayList<>());
        final List<R> results = Collections.synchronizedList(new ArrayList<>());
        final List<Long> failedFrames = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onResult(long frame, S input, R result) {
            frames.add(frame);
            results.add(result);
        }

        @Override
        public void onFailure(long frame, S input, FrameFailure failure) {
            frames.add(frame);
            failedFrames.add(frame);
            results.add(null);
        }
    }
}
