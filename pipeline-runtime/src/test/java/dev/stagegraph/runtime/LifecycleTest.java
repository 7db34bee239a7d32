package dev.stagegraph.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagegraph.FrameContext;
import dev.stagegraph.JoinStage;
import dev.stagegraph.Pipeline;
import dev.stagegraph.PipelineBuilder;
import dev.stagegraph.PipelineFailedException;
import dev.stagegraph.Port;
import dev.stagegraph.Runner;
import dev.stagegraph.Stage;
import dev.stagegraph.StageContext;
import dev.stagegraph.StageOptions;
import dev.stagegraph.report.RunReport;
import dev.stagegraph.source.FrameSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Promise 2: open and close run exactly once per instance; close runs in reverse topological
 * order, also after failures; a failed open names its stage and closes whatever did open.
 */
class LifecycleTest {

    /** Records every lifecycle call as "event:stage:replica", in the order they happened. */
    static final class Journal {
        final List<String> events = Collections.synchronizedList(new ArrayList<>());
        final Map<String, String> openThreads = Collections.synchronizedMap(new HashMap<>());
        final Map<String, String> processThreads = Collections.synchronizedMap(new HashMap<>());

        List<String> of(String kind) {
            synchronized (events) {
                return events.stream().filter(e -> e.startsWith(kind + ":")).toList();
            }
        }
    }

    static final class Tracked implements Stage<Long, Long> {
        private final Journal journal;
        private final String failOpenStage;
        private String id;

        Tracked(Journal journal, String failOpenStage) {
            this.journal = journal;
            this.failOpenStage = failOpenStage;
        }

        @Override
        public void open(StageContext context) {
            id = context.stage() + ":" + context.replica();
            journal.openThreads.put(id, Thread.currentThread().getName());
            if (context.stage().equals(failOpenStage)) {
                journal.events.add("failed-open:" + id);
                throw new IllegalStateException("model file missing for " + context.stage());
            }
            journal.events.add("open:" + id);
        }

        @Override
        public Long process(Long input, FrameContext ctx) {
            long frame = ctx.number();
            journal.processThreads.putIfAbsent(id, Thread.currentThread().getName());
            return input + 1;
        }

        @Override
        public void close() {
            journal.events.add("close:" + id);
        }
    }

    static final class TrackedJoin implements JoinStage<Long, Long, Long> {
        private final Tracked delegate;

        TrackedJoin(Journal journal, String failOpenStage) {
            this.delegate = new Tracked(journal, failOpenStage);
        }

        @Override
        public void open(StageContext context) {
            delegate.open(context);
        }

        @Override
        public Long process(Long a, Long b, FrameContext frame) {
            return delegate.process(a + b, frame);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    /** a -> (b x2, c) -> d: a diamond with a replicated branch. */
    static Pipeline<Long, Long> diamond(Journal journal, String failOpenStage) {
        PipelineBuilder<Long> p = Pipeline.builder("lifecycle");
        Port<Long> a = p.stage("a", p.source(), () -> new Tracked(journal, failOpenStage));
        Port<Long> b = p.stage("b", a, () -> new Tracked(journal, failOpenStage), StageOptions.defaults().replicas(2));
        Port<Long> c = p.stage("c", a, () -> new Tracked(journal, failOpenStage));
        Port<Long> d = p.join("d", b, c, () -> new TrackedJoin(journal, failOpenStage));
        return p.build(d);
    }

    static final List<String> INSTANCES = List.of("a:0", "b:0", "b:1", "c:0", "d:0");

    @ParameterizedTest
    @MethodSource("dev.stagegraph.runtime.TestRunners#both")
    void openAndCloseOncePerInstance_inReverseTopologicalOrder(Runner runner) throws Exception {
        Journal journal = new Journal();
        RunReport report = runner.run(diamond(journal, null), FrameSource.of(LongStream.range(0, 50).boxed().toList()),
                new TestRunners.RecordingSink<>());

        assertEquals(50, report.completed());
        assertEquals(INSTANCES, journal.of("open").stream().map(e -> e.substring(5)).sorted().toList());
        assertEquals(INSTANCES, journal.of("close").stream().map(e -> e.substring(6)).sorted().toList());
        assertCloseOrderIsReverseTopological(journal.of("close"));
    }

    @ParameterizedTest
    @MethodSource("dev.stagegraph.runtime.TestRunners#both")
    void failedOpen_namesTheStage_andClosesEveryOpenedInstance(Runner runner) {
        Journal journal = new Journal();
        PipelineFailedException e = assertThrows(PipelineFailedException.class,
                () -> runner.run(diamond(journal, "c"), FrameSource.of(List.of(1L, 2L)), new TestRunners.RecordingSink<>()));

        assertEquals("c", e.failure().stage());
        assertTrue(e.getMessage().contains("stage 'c'") && e.getMessage().contains("failed to open"), e.getMessage());
        assertTrue(e.getCause().getMessage().contains("model file missing"), e.getCause().toString());
        assertEquals(0, e.report().completed());
        List<String> opened = journal.of("open").stream().map(x -> x.substring(5)).sorted().toList();
        List<String> closed = journal.of("close").stream().map(x -> x.substring(6)).sorted().toList();
        assertEquals(opened, closed, "every opened instance is closed, and only those");
        assertFalse(closed.contains("c:0"), "an instance whose open threw is not closed");
        assertCloseOrderIsReverseTopological(journal.of("close"));
        assertTrue(TestRunners.liveRuntimeThreads().isEmpty(), "threads left: " + TestRunners.liveRuntimeThreads());
    }

    @ParameterizedTest
    @MethodSource("dev.stagegraph.runtime.TestRunners#both")
    void failingStage_stillClosesEveryInstanceOnce(Runner runner) {
        Journal journal = new Journal();
        PipelineBuilder<Long> p = Pipeline.builder("fails");
        Port<Long> a = p.stage("a", p.source(), () -> new Tracked(journal, null));
        Port<Long> b = p.stage("b", a, () -> (in, ctx) -> {
            long frame = ctx.number();
            if (frame == 7) {
                throw new IllegalArgumentException("bad pixel");
            }
            return in;
        });
        Port<Long> c = p.stage("c", b, () -> new Tracked(journal, null));
        Pipeline<Long, Long> pipeline = p.build(c);

        PipelineFailedException e = assertThrows(PipelineFailedException.class, () -> runner.run(pipeline,
                FrameSource.of(LongStream.range(0, 100).boxed().toList()), new TestRunners.RecordingSink<>()));

        assertEquals("b", e.failure().stage());
        assertEquals(7, e.failure().frame());
        assertTrue(e.getMessage().contains("frame 7"), e.getMessage());
        assertEquals(List.of("close:c:0", "close:a:0"), journal.of("close"));
        RunReport r = e.report();
        assertEquals(r.framesIn(), r.completed() + r.failed() + r.dropped() + r.aborted(), r.toTable());
        assertEquals(1, r.failed());
    }

    @ParameterizedTest
    @MethodSource("dev.stagegraph.runtime.TestRunners#both")
    void openRunsOnTheThreadThatProcesses(Runner runner) throws Exception {
        Journal journal = new Journal();
        runner.run(diamond(journal, null), FrameSource.of(LongStream.range(0, 20).boxed().toList()),
                new TestRunners.RecordingSink<>());
        for (String instance : INSTANCES) {
            assertEquals(journal.openThreads.get(instance), journal.processThreads.get(instance), instance);
        }
    }

    private static void assertCloseOrderIsReverseTopological(List<String> closes) {
        String order = "abcd";
        int last = Integer.MAX_VALUE;
        for (String event : closes) {
            int stage = order.indexOf(event.charAt("close:".length()));
            assertTrue(stage <= last, "close order " + closes + " is not reverse topological");
            last = stage;
        }
    }
}
