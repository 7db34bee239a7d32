package dev.stagegraph.serve;

import dev.stagegraph.Execution;
import dev.stagegraph.FrameSink;
import dev.stagegraph.Param;
import dev.stagegraph.Pipeline;
import dev.stagegraph.Runner;
import dev.stagegraph.source.Feed;
import dev.stagegraph.source.FrameSource;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Serves a {@link LiveView} of every run started by the runners it wraps, one run at a time on the
 * same address: for code that hands a {@link Runner} to something else (a harness, a sample's
 * loop) and never sees the {@link Execution}.
 *
 * <pre>{@code
 * PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
 * LiveViews views = LiveViews.of(LiveView.options().port(8080), registry, v -> System.out.println("watch " + v.url()));
 * Runner runner = views.wrap(ParallelRunner.builder().meterRegistry(registry).build());
 * runner.run(pipeline, source, sink);   // the sink offers JPEGs to views.stream()
 * }</pre>
 *
 * <p>Starting a run closes the previous run's view first, so its port is free. Thread-safe.
 */
public final class LiveViews {
    private final LiveView.Options options;
    private final PrometheusMeterRegistry registry;
    private final Consumer<? super LiveView> onServe;
    private LiveView current;

    private LiveViews(LiveView.Options options, PrometheusMeterRegistry registry, Consumer<? super LiveView> onServe) {
        this.options = options;
        this.registry = registry;
        this.onServe = onServe;
    }

    /**
     * Live views with these options.
     *
     * @param options where to serve and what to stream; used for every run
     * @param registry the registry the wrapped runners were given
     * @param onServe called with each view once it serves (to print its URL), on the thread that
     *     starts the run
     * @return the views
     */
    public static LiveViews of(LiveView.Options options, PrometheusMeterRegistry registry, Consumer<? super LiveView> onServe) {
        return new LiveViews(Objects.requireNonNull(options, "options"), Objects.requireNonNull(registry, "registry"),
                Objects.requireNonNull(onServe, "onServe"));
    }

    /**
     * The registry every view scrapes; give it to the runners' {@code meterRegistry}.
     *
     * @return the registry
     */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /**
     * The stream every view shows; give it to the sink.
     *
     * @return the options' stream
     */
    public JpegStream stream() {
        return options.stream;
    }

    /**
     * The stream of one source of a run over several, served at {@code /stream.mjpg?source=NAME}
     * by every view from now on; give it to that source's sink. Asking twice for one name gives
     * the same stream.
     *
     * @param source the source's name, as its frames carry it
     * @return the source's stream
     */
    public synchronized JpegStream stream(String source) {
        return options.sourceStream(source);
    }

    /**
     * A runner that starts {@code runner}'s run and then serves a view of it; a run over several
     * sources ({@link Runner#start(Pipeline, List, FrameSink, Map)}) is started by {@code runner}
     * too, so the view shows it whole.
     *
     * @param runner a runner built with this registry
     * @return the wrapping runner, of the same mode; its {@code start} throws
     *     {@link UncheckedIOException} (after ending the run it started) when the view cannot bind
     */
    public Runner wrap(Runner runner) {
        Objects.requireNonNull(runner, "runner");
        return new Runner() {
            @Override
            public String mode() {
                return runner.mode();
            }

            @Override
            public <S, R> Execution<S> start(Pipeline<S, R> pipeline, FrameSource<S> source, FrameSink<? super S, ? super R> sink,
                    Map<Param<?>, ?> params) {
                closeCurrent();
                return serve(runner.start(pipeline, source, sink, params), pipeline);
            }

            @Override
            public <S, R> Execution<S> start(Pipeline<S, R> pipeline, List<Feed<S>> feeds, FrameSink<? super S, ? super R> sink,
                    Map<Param<?>, ?> params) {
                closeCurrent();
                return serve(runner.start(pipeline, feeds, sink, params), pipeline);
            }
        };
    }

    /** Serves a view of a run that just started; ends the run if the view cannot bind. */
    private <S> Execution<S> serve(Execution<S> run, Pipeline<?, ?> pipeline) {
        LiveView view;
        try {
            synchronized (this) {
                view = LiveView.serve(run, pipeline, registry, options);
            }
        } catch (IOException e) {
            run.close();
            throw new UncheckedIOException(e.getMessage(), e);
        }
        synchronized (this) {
            current = view;
        }
        onServe.accept(view);
        return run;
    }

    /**
     * Waits until the last run's view has stopped by itself (its linger after the run), so a page
     * that watched it has shown the final report.
     *
     * @param timeout how long to wait at most
     * @return {@code true} if no view is serving any more
     * @throws InterruptedException if the calling thread was interrupted
     */
    public boolean awaitStopped(Duration timeout) throws InterruptedException {
        LiveView view;
        synchronized (this) {
            view = current;
        }
        return view == null || view.awaitStopped(timeout);
    }

    private void closeCurrent() {
        LiveView view;
        synchronized (this) {
            view = current;
            current = null;
        }
        if (view != null) {
            view.close();
        }
    }
}
