package dev.stagegraph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagegraph.FrameContext;
import dev.stagegraph.spi.StageInstance;
import dev.stagegraph.spi.StageNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Build-time validation rejects what javac can't, names the stage, and loses nothing accepted. */
class PipelineBuilderTest {

    static final class Identity implements Stage<Integer, Integer> {
        @Override
        public Integer process(Integer input, FrameContext ctx) {
            long frame = ctx.number();
            return input;
        }
    }

    private static void assertMessage(InvalidPipelineException e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "message '" + e.getMessage() + "' lacks '" + part + "'");
        }
    }

    @Test
    void duplicateStageName_isRejectedByName_andTheBuilderKeepsWhatItHad() {
        PipelineBuilder<Integer> b = Pipeline.builder("p");
        Port<Integer> a = b.stage("detector", b.source(), Identity::new);
        InvalidPipelineException e = assertThrows(InvalidPipelineException.class,
                () -> b.stage("detector", a, Identity::new));
        assertMessage(e, "'detector'", "used twice", "unique");
        Pipeline<Integer, Integer> p = b.build(b.stage("next", a, Identity::new));
        assertEquals(List.of("detector", "next"), p.stages().stream().map(StageNode::name).toList());
    }

    @Test
    void portOfAnotherPipeline_isRejected() {
        PipelineBuilder<Integer> one = Pipeline.builder("one");
        PipelineBuilder<Integer> two = Pipeline.builder("two");
        Port<Integer> foreign = one.stage("x", one.source(), Identity::new);
        InvalidPipelineException e = assertThrows(InvalidPipelineException.class, () -> two.stage("y", foreign, Identity::new));
        assertMessage(e, "stage 'y'", "port 'x'", "pipeline 'one'");
        assertThrows(InvalidPipelineException.class, () -> two.build(foreign));
    }

    @Test
    void missingSink_isRejected() {
        PipelineBuilder<Integer> b = Pipeline.builder("p");
        b.stage("a", b.source(), Identity::new);
        assertMessage(assertThrows(InvalidPipelineException.class, () -> b.build(null)), "no sink");
    }

    @Test
    void graphWithoutStages_isRejected() {
        PipelineBuilder<Integer> b = Pipeline.builder("p");
        assertMessage(assertThrows(InvalidPipelineException.class, () -> b.build(b.source())), "no stage");
    }

    @Test
    void stageThatNeverReachesTheSink_isRejectedByName() {
        PipelineBuilder<Integer> b = Pipeline.builder("p");
        Port<Integer> a = b.stage("a", b.source(), Identity::new);
        b.stage("orphan", a, Identity::new);
        Port<Integer> c = b.stage("c", a, Identity::new);
        InvalidPipelineException e = assertThrows(InvalidPipelineException.class, () -> b.build(c));
        assertMessage(e, "'orphan'", "never reach the sink", "'c'");
    }

    @Test
    void joinReadingOnePortTwice_isRejected() {
        PipelineBuilder<Integer> b = Pipeline.builder("p");
        Port<Integer> a = b.stage("a", b.source(), Identity::new);
        InvalidPipelineException e = assertThrows(InvalidPipelineException.class,
                () -> b.join("j", a, a, () -> (x, y, f) -> x + y));
        assertMessage(e, "stage 'j'", "port 'a' twice");
    }

    @Test
    void blankAndReservedNames_andBadReplicas_areRejected() {
        PipelineBuilder<Integer> b = Pipeline.builder("p");
        assertThrows(InvalidPipelineException.class, () -> b.stage(" ", b.source(), Identity::new));
        assertMessage(assertThrows(InvalidPipelineException.class, () -> b.stage("sink", b.source(), Identity::new)), "reserved");
        assertThrows(IllegalArgumentException.class, () -> StageOptions.defaults().replicas(0));
        assertThrows(InvalidPipelineException.class, () -> Pipeline.builder(""));
    }

    @Test
    void orderedStageWithReplicas_isRejected() {
        PipelineBuilder<Integer> b = Pipeline.builder("p");
        InvalidPipelineException e = assertThrows(InvalidPipelineException.class,
                () -> b.stage("tracker", b.source(), Identity::new, StageOptions.defaults().ordered().replicas(2)));
        assertMessage(e, "stage 'tracker'", "ordered", "2 replicas");
        assertTrue(b.build(b.stage("tracker", b.source(), Identity::new, StageOptions.defaults().ordered())).stages().get(0).ordered());
    }

    @Test
    void builtPipeline_isImmutable_andInTopologicalOrder() {
        PipelineBuilder<Integer> b = Pipeline.builder("p");
        Port<Integer> a = b.stage("a", b.source(), Identity::new);
        Port<Integer> l = b.stage("l", a, Identity::new, StageOptions.defaults().replicas(3));
        Port<Integer> r = b.stage("r", a, Identity::new);
        Pipeline<Integer, Integer> p = b.build(b.join("j", l, r, () -> (x, y, f) -> x + y));
        b.stage("later", a, Identity::new);

        assertEquals(4, p.stages().size());
        assertThrows(UnsupportedOperationException.class, () -> p.stages().clear());
        StageNode j = p.resultStage();
        assertEquals("j", j.name());
        assertEquals(List.of(1, 2), List.of(j.input(0), j.input(1)));
        assertEquals(3, p.stages().get(1).replicas());
        assertEquals(ErrorPolicy.Kind.FAIL_FAST, j.errorPolicy().kind());
        for (StageNode n : p.stages()) {
            for (int k = 0; k < n.inputCount(); k++) {
                assertTrue(n.input(k) < n.index(), "inputs come first");
            }
        }
    }

    @Test
    void multiStageInputs_rejectAPortTheStageDoesNotRead() throws Exception {
        PipelineBuilder<Integer> b = Pipeline.builder("p");
        Port<Integer> a = b.stage("a", b.source(), Identity::new);
        Port<Integer> c = b.stage("c", a, Identity::new);
        Port<Integer> m = b.joinAll("m", List.of(a), () -> (inputs, frame) -> inputs.get(c));
        StageInstance instance = b.build(b.join("j", m, c, () -> (x, y, f) -> x)).stages().get(2).newInstance();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> instance.process(new Object[] {1}, FrameContext.of(0, "test", 0, 0)));
        assertTrue(e.getMessage().contains("does not read port 'c'"), e.getMessage());
    }
}
