package dev.stagegraph.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagegraph.ErrorPolicy;
import dev.stagegraph.FrameContext;
import dev.stagegraph.FrameSink;
import dev.stagegraph.Outcome;
import dev.stagegraph.Param;
import dev.stagegraph.Pipeline;
import dev.stagegraph.PipelineBuilder;
import dev.stagegraph.PipelineFailedException;
import dev.stagegraph.Port;
import dev.stagegraph.Runner;
import dev.stagegraph.Stage;
import dev.stagegraph.StageContext;
import dev.stagegraph.StageOptions;
import dev.stagegraph.report.RunReport;
import dev.stagegraph.report.StageReport;
import dev.stagegraph.source.FrameSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The API's per-frame features, on both runners: frame context, optional inputs, end of stream, run parameters, inline stages. */
class StageFeaturesTest {

    /** A source named "cam-7" whose frames carry presentation times 1000 + 40 ms * n. */
    static final class TimedSource implements FrameSource<Long> {
        private final long frames;
        private long n;

        TimedSource(long frames) {
            this.frames = frames;
        }

        @Override
        public Long next(Long reuse) {
            return n < frames ? n++ : null;
        }

        @Override
        public long timestampNanos() {
            return 1_000 + (n - 1) * 40_000_000L;
        }

        @Override
        public String name() {
            return "cam-7";
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.stagegraph.runtime.TestRunners#both")
    void everyStageCall_seesTheFramesNumberSourceAndCaptureTime(Runner runner) throws Exception {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        PipelineBuilder<Long> b = Pipeline.builder("context");
        Port<Long> a = b.stage("a", b.source(), () -> (in, f) -> {
            seen.add(f.source() + "#" + f.number() + "@" + f.timestampNanos() + (f.takenNanos() != 0 ? "" : "no-take-time"));
            return in;
        }, StageOptions.defaults().replicas(2));
        Port<Long> j = b.join("j", a, b.map("m", a, x -> x), () -> (x, y, f) -> f.number());
        List<FrameContext> kept = Collections.synchronizedList(new ArrayList<>());
        runner.run(b.build(j), new TimedSource(20), o -> kept.add(o.frame().copy()));
        List<String> expected = new ArrayList<>();
        for (long n = 0; n < 20; n++) {
            expected.add("cam-7#" + n + "@" + (1_000 + n * 40_000_000L));
        }
        Collections.sort(seen);
        Collections.sort(expected);
        assertEquals(expected, seen);
        for (int n = 0; n < 20; n++) {
            assertEquals(n, kept.get(n).number());
            assertEquals("cam-7", kept.get(n).source());
            assertTrue(n == 0 || kept.get(n).takenNanos() >= kept.get(n - 1).takenNanos(), "take times increase");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.stagegraph.runtime.TestRunners#both")
    void aStageThatReadsAPortOptionally_isCalledForEveryFrame(Runner runner) throws Exception {
        PipelineBuilder<Long> b = Pipeline.builder("optional");
        Port<Long> detector = b.stage("detector", b.source(), () -> (in, f) -> {
            if (f.number() % 5 == 4) {
                throw new IllegalStateException("injected");
            }
            return f.number() % 3 == 0 ? null : in;
        }, StageOptions.defaults().errorPolicy(ErrorPolicy.skipFrame()));
        List<String> tracker = Collections.synchronizedList(new ArrayList<>());
        Port<String> track = b.stage("tracker", detector.optional(), () -> (d, f) -> {
            String s = f.number() + (d.isPresent() ? "+" : "-");
            tracker.add(s);
            return s;
        }, StageOptions.defaults().ordered());
        List<Outcome.Kind> kinds = Collections.synchronizedList(new ArrayList<>());
        RunReport r = runner.run(b.build(track), FrameSource.of(LongStream.range(0, 30).boxed().toList()), o -> kinds.add(o.kind()));
        assertEquals(30, tracker.size(), "called for every frame: " + tracker);
        for (int n = 0; n < 30; n++) {
            boolean present = n % 5 != 4 && n % 3 != 0;
            assertEquals(n + (present ? "+" : "-"), tracker.get(n));
            assertEquals(n % 5 == 4 ? Outcome.Kind.FAILED : Outcome.Kind.RESULT, kinds.get(n), "frame " + n);
        }
        assertEquals(6, r.failed(), "a frame whose detector failed still ends failed");
    }

    /** Counts endOfStream calls and checks they come after the last frame. */
    static final class Ending implements Stage<Long, Long> {
        static final Map<String, Long> ends = new ConcurrentHashMap<>();
        private long last = -1;
        private String name;

        @Override
        public void open(StageContext context) {
            name = context.stage() + "/" + context.replica();
        }

        @Override
        public Long process(Long input, FrameContext frame) {
            last = frame.number();
            return input;
        }

        @Override
        public void endOfStream(String source) {
            ends.merge(name + "@" + source + ":" + last, 1L, Long::sum);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.stagegraph.runtime.TestRunners#both")
    void endOfStream_isCalledOncePerInstance_afterItsLastFrame_andNotAfterAFailure(Runner runner) throws Exception {
        Ending.ends.clear();
        PipelineBuilder<Long> b = Pipeline.builder("ending");
        Port<Long> a = b.stage("a", b.source(), Ending::new, StageOptions.defaults().replicas(2));
        Pipeline<Long, Long> p = b.build(b.stage("z", a, Ending::new));
        runner.run(p, FrameSource.of(LongStream.range(0, 11).boxed().toList()), FrameSink.discard());
        assertEquals(Map.of("a/0@source:10", 1L, "a/1@source:9", 1L, "z/0@source:10", 1L), Ending.ends);

        Ending.ends.clear();
        PipelineBuilder<Long> f = Pipeline.builder("failing");
        Port<Long> boom = f.stage("boom", f.source(), () -> (in, c) -> {
            if (c.number() == 1) {
                throw new IllegalStateException("fail-fast");
            }
            return in;
        });
        Port<Long> e = f.stage("e", boom, Ending::new);
        assertThrows(PipelineFailedException.class, () -> runner.run(f.build(e),
                FrameSource.of(LongStream.range(0, 3).boxed().toList()), FrameSink.discard()));
        assertFalse(Ending.ends.keySet().stream().anyMatch(k -> k.startsWith("e/")), "no endOfStream after a failure: " + Ending.ends);
    }

    static final Param<Double> THRESHOLD = Param.of("threshold", Double.class);
    static final Param<String> LABEL = Param.of("label", String.class, "default-label");

    /** Reads both parameters at open. */
    static final class Configured implements Stage<Long, String> {
        private String value;

        @Override
        public void open(StageContext context) {
            value = context.param(LABEL) + ":" + context.param(THRESHOLD);
        }

        @Override
        public String process(Long input, FrameContext frame) {
            return value;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.stagegraph.runtime.TestRunners#both")
    void runParameters_areBoundPerRun_checkedForType_andAMissingOneNamesTheStageAndKey(Runner runner) throws Exception {
        PipelineBuilder<Long> b = Pipeline.builder("params");
        Pipeline<Long, String> p = b.build(b.stage("detector", b.source(), Configured::new));
        List<String> out = Collections.synchronizedList(new ArrayList<>());
        runner.run(p, FrameSource.of(List.of(1L)), o -> out.add(o.result()), Map.of(THRESHOLD, 0.25));
        runner.run(p, FrameSource.of(List.of(1L)), o -> out.add(o.result()), Map.of(THRESHOLD, 0.75, LABEL, "cam"));
        assertEquals(List.of("default-label:0.25", "cam:0.75"), out, "one pipeline, two settings");

        PipelineFailedException missing = assertThrows(PipelineFailedException.class,
                () -> runner.run(p, FrameSource.of(List.of(1L)), FrameSink.discard()));
        assertEquals("detector", missing.failure().stage());
        assertTrue(missing.getCause().getMessage().contains("stage 'detector' needs run parameter 'threshold'"),
                missing.getCause().getMessage());

        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> runner.start(p, FrameSource.of(List.of(1L)), FrameSink.discard(), Map.of(THRESHOLD, "0.5")));
        assertTrue(wrong.getMessage().contains("run parameter 'threshold' must be a java.lang.Double, was java.lang.String"),
                wrong.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.stagegraph.runtime.TestRunners#both")
    void anInlineStage_runsOnItsWritersThread_andIsReported(Runner runner) throws Exception {
        Set<String> writerThreads = ConcurrentHashMap.newKeySet();
        Set<String> mapThreads = ConcurrentHashMap.newKeySet();
        PipelineBuilder<Long> b = Pipeline.builder("inline");
        Port<Long> w = b.stage("writer", b.source(), () -> (in, f) -> {
            writerThreads.add(Thread.currentThread().getName());
            return in;
        }, StageOptions.defaults().replicas(2));
        Port<Long> m = b.map("half", w, x -> {
            mapThreads.add(Thread.currentThread().getName());
            return x % 2 == 0 ? x / 2 : null;
        });
        Port<Long> fromSource = b.map("double", b.source(), x -> 2 * x);
        Pipeline<Long, Long> p = b.build(b.join("sum", m, fromSource, () -> (x, y, f) -> x + y));
        List<Long> out = Collections.synchronizedList(new ArrayList<>());
        RunReport r = runner.run(p, FrameSource.of(LongStream.range(0, 40).boxed().toList()), o -> out.add(o.result()));
        assertEquals(writerThreads, mapThreads, "the map ran on exactly the writer's threads");
        for (int n = 0; n < 40; n++) {
            assertEquals(n % 2 == 0 ? Long.valueOf(n / 2 + 2L * n) : null, out.get(n), "frame " + n);
        }
        StageReport half = r.stages().stream().filter(s -> s.name().equals("half")).findFirst().orElseThrow();
        assertEquals(40, half.calls(), r.toTable());
        if (runner.mode().equals("parallel")) {
            assertFalse(TestRunners.liveRuntimeThreads().stream().anyMatch(t -> t.contains("-half-")), "no thread of its own");
            assertTrue(r.notes().get("threads").contains("(3 stage instances,"), "writer x2 and sum: " + r.notes());
        }
    }
}
