package dev.stagegraph.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagegraph.FrameContext;
import dev.stagegraph.JoinStage;
import dev.stagegraph.Param;
import dev.stagegraph.Stage;
import dev.stagegraph.StageContext;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The test kit enforces the stage contract's ownership rules, and runs a stage as the runtime would. */
class StageTesterTest {
    static final Param<Integer> OFFSET = Param.of("offset", Integer.class);

    /** A native-memory stand-in that counts its releases. */
    static final class Buffer implements AutoCloseable {
        int closes;

        @Override
        public void close() {
            closes++;
        }
    }

    static final class Adder implements Stage<Integer, Integer> {
        private int offset;
        final List<Long> numbers = new ArrayList<>();
        boolean ended;

        @Override
        public void open(StageContext context) {
            offset = context.param(OFFSET);
        }

        @Override
        public Integer process(Integer input, FrameContext frame) {
            numbers.add(frame.number());
            return input + offset;
        }

        @Override
        public void endOfStream(String source) {
            ended = true;
        }
    }

    @Test
    void runsTheLifecycle_withParameters_numbersFrames_andEndsTheStream() throws Exception {
        Adder adder = new Adder();
        try (StageTester<Integer, Integer> t = StageTester.of("adder", () -> adder).param(OFFSET, 10).open()) {
            assertEquals(11, t.process(1));
            assertEquals(12, t.process(2));
            t.endOfStream();
            assertEquals(2, t.frames());
        }
        assertEquals(List.of(0L, 1L), adder.numbers);
        assertTrue(adder.ended);
    }

    @Test
    void aMissingParameter_failsOpen_namingTheStageAndKey() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> StageTester.of("adder", Adder::new).open());
        assertTrue(e.getMessage().contains("stage 'adder' needs run parameter 'offset'"), e.getMessage());
    }

    @Test
    void aStageThatKeepsItsFrameContext_failsWhenItReadsItLater() throws Exception {
        Stage<Integer, Long> keeper = new Stage<>() {
            private FrameContext last;

            @Override
            public Long process(Integer input, FrameContext frame) {
                long previous = last == null ? -1 : last.number();
                last = frame;
                return previous;
            }
        };
        try (StageTester<Integer, Long> t = StageTester.of("keeper", () -> keeper).open()) {
            t.process(1);
            AssertionError e = assertThrows(AssertionError.class, () -> t.process(2));
            assertTrue(e.getMessage().contains("read after its process call returned"), e.getMessage());
        }
    }

    @Test
    void aNativeResult_mustBeNewEachFrame_andIsReleasedOnceAtClose() throws Exception {
        Buffer shared = new Buffer();
        StageTester<Integer, Buffer> reuses = StageTester.<Integer, Buffer>of("reuser", () -> (in, f) -> shared).open();
        reuses.process(1);
        AssertionError e = assertThrows(AssertionError.class, () -> reuses.process(2));
        assertTrue(e.getMessage().contains("returned the same object for frames 0 and 1"), e.getMessage());
        reuses.close();
        assertEquals(1, shared.closes);

        List<Buffer> made = new ArrayList<>();
        try (StageTester<Integer, Buffer> fresh = StageTester.<Integer, Buffer>of("fresh", () -> (in, f) -> {
            Buffer b = new Buffer();
            made.add(b);
            return b;
        }).open()) {
            fresh.process(1);
            fresh.process(2);
        }
        assertEquals(2, made.size());
        made.forEach(b -> assertEquals(1, b.closes, "released exactly once"));
    }

    @Test
    void aStageThatRetainsAnInput_failsTheRetentionCheck() throws Exception {
        List<Object> kept = new ArrayList<>();
        StageTester<Object, Integer> t = StageTester.<Object, Integer>of("hoarder", () -> (in, f) -> {
            kept.add(in);
            return 1;
        }).checkRetention().open();
        t.process(new Object());
        AssertionError e = assertThrows(AssertionError.class, t::close);
        assertTrue(e.getMessage().contains("still references an input"), e.getMessage());

        StageTester<Object, Integer> clean = StageTester.<Object, Integer>of("clean", () -> (in, f) -> in.hashCode()).checkRetention().open();
        clean.process(new Object());
        clean.close();
    }

    @Test
    void joinStages_takePairs() throws Exception {
        JoinStage<Integer, String, String> join = (a, b, f) -> b + a + "@" + f.number();
        try (StageTester<StageTester.Pair<Integer, String>, String> t = StageTester.ofJoin("join", () -> join).open()) {
            assertEquals("x1@0", t.process(new StageTester.Pair<>(1, "x")));
            assertEquals("y2@1", t.process(new StageTester.Pair<>(2, "y")));
        }
    }
}
