package dev.stagegraph.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagegraph.runtime.SequentialRunner;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The competitors must do the same work, or their comparison means nothing: each returns the plain
 * loop's checksum over the same frames, across batches, and stops its threads. Small batches, so
 * the build stays fast; no timing is asserted.
 */
class CompetitorTest {

    @ParameterizedTest
    @EnumSource(Competitor.class)
    void shouldComputeWhatThePlainLoopComputes(Competitor competitor) {
        long expected;
        try (SequentialLoop loop = new SequentialLoop()) {
            loop.run(1000);
            expected = loop.run(2500);
        }
        long actual;
        Harness h = competitor.start(NoopGraphs.DEFAULT_RING);
        try (h) {
            h.run(1000);
            actual = h.run(2500);
        } catch (Exception e) {
            throw new AssertionError(competitor.key() + " failed", e);
        }
        assertEquals(expected, actual, competitor.key());
        for (Thread t : h.threads()) {
            assertTrue(!t.isAlive(), competitor.key() + " left " + t.getName() + " running");
        }
    }

    @ParameterizedTest
    @CsvSource({"chain-1, 1", "chain-4, 4", "fan-2, 3", "fan-8, 9"})
    void shouldBuildAndRunEveryScaleShape(String shape, int stages) {
        assertEquals(stages, NoopGraphs.shape(shape).stages().size());
        try (RunnerHarness h = new RunnerHarness(SequentialRunner.create(false), NoopGraphs.shape(shape))) {
            assertTrue(h.run(100) != 0);
        }
    }
}
