package dev.stagegraph.runtime;

import dev.stagegraph.FrameSink;
import dev.stagegraph.FrameSource;
import dev.stagegraph.Pipeline;
import dev.stagegraph.PipelineFailedException;
import dev.stagegraph.RunReport;
import dev.stagegraph.Runner;
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
    record Outcome(RunReport report, PipelineFailedException failure) {
        /** Every frame taken is completed, failed, dropped or aborted. */
        boolean accounted() {
            return report.framesIn() == report.completed() + report.failed() + report.dropped() + report.aborted();
        }
    }

    /** Runs to the end and returns the report whether or not the run failed. */
    static <S, R> Outcome outcome(Runner runner, Pipeline<S, R> pipeline, FrameSource<S> source, FrameSink<? super S, ? super R> sink)
            throws InterruptedException {
        try {
            return new Outcome(runner.run(pipeline, source, sink), null);
        } catch (PipelineFailedException e) {
            return new Outcome(e.report(), e);
        }
    }

    /** The runtime's threads that are alive now. */
    static Set<String> liveRuntimeThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("stagegraph-")).collect(Collectors.toSet());
    }

    /** A sink that keeps every frame number and result in arrival order. */
    static final class RecordingSink<S, R> implements FrameSink<S, R> {
        final List<Long> frames = Collections.synchronizedList(new ArrayList<>());
        final List<R> results = Collections.synchronizedList(new ArrayList<>());
        final List<Long> failedFrames = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onResult(long frame, S input, R result) {
            frames.add(frame);
            results.add(result);
        }

        @Override
        public void onFailure(long frame, S input, dev.stagegraph.FrameFailure failure) {
            frames.add(frame);
            failedFrames.add(frame);
            results.add(null);
        }
    }
}
