package dev.stagegraph;

import dev.stagegraph.report.RunReport;
import dev.stagegraph.source.FrameSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;

/**
 * {@link Results} over a queue that the run's sink fills. The sink waits for room (backpressure)
 * except for aborted outcomes, which come when the run ends, from the thread that ends it. A
 * daemon thread waits for the run, which for a sequential runner is where the run executes, and
 * then queues the end.
 */
final class QueuedResults<S, R> implements Results<S, R>, FrameSink<S, R> {
    private static final int AHEAD = 256;
    private static final Object END = new Object();

    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final Semaphore room = new Semaphore(AHEAD);
    private Execution<S> execution;
    private Thread waiter;
    private volatile RunReport report;
    private volatile RuntimeException error;
    private Object next;
    private boolean ended;

    static <S, R> QueuedResults<S, R> start(Runner runner, Pipeline<S, R> pipeline, FrameSource<S> source, Map<Param<?>, ?> params) {
        return start(pipeline, sink -> runner.start(pipeline, source, sink, params));
    }

    /** Starts a run with {@code starter}, which gets the queue as the sink, and a waiter for its end. */
    static <S, R> QueuedResults<S, R> start(Pipeline<S, R> pipeline,
            java.util.function.Function<FrameSink<S, R>, Execution<S>> starter) {
        QueuedResults<S, R> results = new QueuedResults<>();
        results.execution = starter.apply(results);
        results.waiter = new Thread(results::awaitRun, "stagegraph-" + pipeline.name() + "-results");
        results.waiter.setDaemon(true);
        results.waiter.start();
        return results;
    }

    @Override
    public void accept(Outcome<? extends S, ? extends R> outcome) throws InterruptedException {
        if (outcome.kind() != Outcome.Kind.ABORTED) {
            room.acquire();
        }
        @SuppressWarnings("unchecked")
        Outcome<S, R> kept = (Outcome<S, R>) outcome.copy();
        queue.add(kept);
    }

    private void awaitRun() {
        try {
            report = execution.await();
        } catch (PipelineFailedException e) {
            report = e.report();
            error = e;
        } catch (InterruptedException e) {
            error = new IllegalStateException("the run was interrupted", e);
        } catch (RuntimeException e) {
            error = e;
        } finally {
            queue.add(END);
        }
    }

    @Override
    public boolean hasNext() {
        if (next == null && !ended) {
            try {
                next = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the next outcome", e);
            }
            if (next == END) {
                next = null;
                ended = true;
                joinWaiter();
            } else {
                room.release();
            }
        }
        if (next == null && error != null) {
            throw error;
        }
        return next != null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Outcome<S, R> next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the run has no more outcomes");
        }
        Outcome<S, R> o = (Outcome<S, R>) next;
        next = null;
        return o;
    }

    @Override
    public List<Outcome<S, R>> toList() {
        List<Outcome<S, R>> all = new ArrayList<>();
        while (hasNext()) {
            all.add(next());
        }
        return List.copyOf(all);
    }

    @Override
    public RunReport report() {
        if (!ended || next != null) {
            throw new IllegalStateException("outcomes are still unread: iterate to the end or call toList() before report()");
        }
        return report;
    }

    @Override
    public void close() {
        if (!ended) {
            room.release(Integer.MAX_VALUE / 2);
            try {
                execution.abort(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                error = error == null ? e : error;
            }
            execution.close();
            joinWaiter();
            ended = true;
            next = null;
        }
    }

    private void joinWaiter() {
        boolean interrupted = false;
        while (waiter.isAlive()) {
            try {
                waiter.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
