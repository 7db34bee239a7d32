package dev.stagegraph.flink;

import dev.stagegraph.Param;
import dev.stagegraph.Pipeline;
import dev.stagegraph.source.FrameSource;
import dev.stagegraph.spi.StageNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.util.InstantiationUtil;

/**
 * The reader: runs the whole stage graph for each of its splits with the local runner, on the
 * split's own threads, and emits the results on Flink's task thread in frame order per source.
 * Frames never leave the process; only {@link FrameResult}s go downstream. The split state a
 * checkpoint takes is the next frame number to emit of each source, exact because
 * {@link #snapshotState} and {@link #pollNext} both run on the task thread.
 */
final class GraphReader<S, R> implements SourceReader<FrameResult<R>, SourceSplitState>, SplitRun.Handoff {
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final SourceReaderContext context;
    private final SerializableSupplier<Pipeline<S, R>> pipeline;
    private final LocalRunnerFactory runner;
    private final SerializableSupplier<? extends Map<Param<?>, ?>> params;
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(1024);
    private final Map<String, SplitRun<S, R>> runs = new LinkedHashMap<>();
    private final Map<String, Long> next = new LinkedHashMap<>();
    private final ReaderMetrics metrics;
    private final Object lock = new Object();
    private CompletableFuture<Void> available = new CompletableFuture<>();
    private boolean noMoreSplits;

    GraphReader(SourceReaderContext context, SerializableSupplier<Pipeline<S, R>> pipeline, LocalRunnerFactory runner,
            SerializableSupplier<? extends Map<Param<?>, ?>> params) {
        this.context = context;
        this.pipeline = pipeline;
        this.runner = runner;
        this.params = params;
        this.metrics = new ReaderMetrics(context.metricGroup());
    }

    @Override
    public void start() {
    }

    @Override
    public void addSplits(List<SourceSplitState> splits) {
        for (SourceSplitState split : splits) {
            FrameSource<S> source;
            Map<Param<?>, Object> bindings = new HashMap<>(params.get());
            try {
                NamedSource<S> named = InstantiationUtil.deserializeObject(split.factory, context.getUserCodeClassLoader().asClassLoader());
                bindings.putAll(named.params().get());
                source = named.factory().get();
            } catch (Exception e) {
                throw new IllegalStateException("could not make source '" + split.name + "' from its factory on this task manager: " + e, e);
            }
            Pipeline<S, R> graph = pipeline.get();
            MeterRegistry registry = new SimpleMeterRegistry();
            SplitRun<S, R> run = new SplitRun<>(split, source, graph, runner.create(registry), bindings, this);
            runs.put(split.name, run);
            next.put(split.name, split.nextFrame);
            List<String> stages = new ArrayList<>();
            for (StageNode node : graph.stages()) {
                stages.add(node.name());
            }
            metrics.register(split.name, registry, stages);
            run.start();
        }
    }

    @Override
    public void notifyNoMoreSplits() {
        noMoreSplits = true;
        signal();
    }

    @Override
    @SuppressWarnings("unchecked")
    public InputStatus pollNext(ReaderOutput<FrameResult<R>> output) throws Exception {
        Object item = queue.poll();
        if (item == null) {
            synchronized (lock) {
                if (!queue.isEmpty()) {
                    return InputStatus.MORE_AVAILABLE;
                }
                if (noMoreSplits && runs.isEmpty()) {
                    return InputStatus.END_OF_INPUT;
                }
                if (available.isDone()) {
                    available = new CompletableFuture<>();
                }
                return InputStatus.NOTHING_AVAILABLE;
            }
        }
        if (item instanceof SplitRun.End end) {
            runs.remove(end.source());
            next.remove(end.source());
            metrics.ended(end);
            if (end.error() != null) {
                throw new PipelineOnFlinkException("source '" + end.source() + "' failed on subtask " + context.getIndexOfSubtask()
                        + "; Flink's restart strategy decides what happens next", end.error());
            }
            return InputStatus.MORE_AVAILABLE;
        }
        FrameResult<R> result = (FrameResult<R>) item;
        next.put(result.source(), result.frame() + 1);
        metrics.emitted(result);
        output.collect(result);
        return InputStatus.MORE_AVAILABLE;
    }

    @Override
    public List<SourceSplitState> snapshotState(long checkpointId) {
        List<SourceSplitState> state = new ArrayList<>(runs.size());
        for (SplitRun<S, R> run : runs.values()) {
            state.add(run.split().at(next.get(run.split().name)));
        }
        return state;
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        synchronized (lock) {
            return available;
        }
    }

    @Override
    public boolean put(Object item, BooleanSupplier cancelled) {
        try {
            while (!queue.offer(item, 50, TimeUnit.MILLISECONDS)) {
                if (cancelled.getAsBoolean()) {
                    return false;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        signal();
        return true;
    }

    private void signal() {
        synchronized (lock) {
            available.complete(null);
        }
    }

    @Override
    public void close() {
        boolean interrupted = false;
        for (SplitRun<S, R> run : runs.values()) {
            try {
                run.close(CLOSE_TIMEOUT);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        runs.clear();
        queue.clear();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
