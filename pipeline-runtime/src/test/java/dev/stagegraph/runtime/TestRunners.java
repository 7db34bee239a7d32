package dev.stagegraph.runtime;

import dev.stagegraph.FrameSink;
import dev.stagegraph.Outcome;
import dev.stagegraph.Runner;
import dev.stagegraph.report.FrameFailure;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Shared fixtures: the runners under test, a recording sink, and a view of the runtime's threads. */
final class TestRunners {
    private TestRunners() {}

    /** Both runners, for parameterised tests: every promise holds for each. */
    static Stream<Runner> both() {
        return Stream.of(SequentialRunner.create(), ParallelRunner.builder().ringSize(8).build());
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
