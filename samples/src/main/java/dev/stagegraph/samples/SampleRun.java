package dev.stagegraph.samples;

import dev.stagegraph.Execution;
import dev.stagegraph.FrameSink;
import dev.stagegraph.Param;
import dev.stagegraph.Pipeline;
import dev.stagegraph.Runner;
import dev.stagegraph.report.RunReport;
import dev.stagegraph.runtime.ShutdownHook;
import dev.stagegraph.source.Feed;
import dev.stagegraph.source.FrameSource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * How the samples run a pipeline: start it, show progress on the console, let Ctrl-C drain it
 * and still print the report, then print the report once.
 */
public final class SampleRun {
    private SampleRun() {}

    /**
     * Runs one pipeline to the end and prints its report.
     *
     * @param runner the runner
     * @param pipeline the pipeline
     * @param source where frames come from
     * @param sink where results go
     * @param params the run's parameters
     * @param quiet {@code true} to show no progress line
     * @param printer prints the report, once, on the main thread or, after Ctrl-C, the hook's
     * @param <S> the frame type
     * @param <R> the result type
     * @return the report
     * @throws InterruptedException if the main thread is interrupted
     */
    public static <S, R> RunReport run(Runner runner, Pipeline<S, R> pipeline, FrameSource<S> source,
            FrameSink<? super S, ? super R> sink, Map<Param<?>, ?> params, boolean quiet, Consumer<RunReport> printer)
            throws InterruptedException {
        return await(runner.start(pipeline, source, sink, params), runner.mode(), quiet, printer);
    }

    /**
     * Runs one pipeline over several sources to the end and prints its report; see
     * {@link #run(Runner, Pipeline, FrameSource, FrameSink, Map, boolean, Consumer)}.
     *
     * @param runner the runner
     * @param pipeline the pipeline
     * @param feeds where frames come from, each source with its name
     * @param sink where results go, from every source
     * @param params the run's parameters
     * @param quiet {@code true} to show no progress line
     * @param printer prints the report, once
     * @param <S> the frame type
     * @param <R> the result type
     * @return the report
     * @throws InterruptedException if the main thread is interrupted
     */
    public static <S, R> RunReport run(Runner runner, Pipeline<S, R> pipeline, List<Feed<S>> feeds,
            FrameSink<? super S, ? super R> sink, Map<Param<?>, ?> params, boolean quiet, Consumer<RunReport> printer)
            throws InterruptedException {
        return await(runner.start(pipeline, feeds, sink, params), runner.mode(), quiet, printer);
    }

    private static <S> RunReport await(Execution<S> run, String mode, boolean quiet, Consumer<RunReport> printer)
            throws InterruptedException {
        ProgressLine progress = ProgressLine.start(run, mode, quiet);
        try (ShutdownHook hook = ShutdownHook.install(run, Duration.ofSeconds(5), r -> {
            progress.close();
            printer.accept(r);
        })) {
            return hook.await();
        } finally {
            progress.close();
            run.close();
        }
    }
}
