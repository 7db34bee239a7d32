package dev.stagegraph.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagegraph.ErrorPolicy;
import dev.stagegraph.Outcome;
import dev.stagegraph.Pipeline;
import dev.stagegraph.PipelineBuilder;
import dev.stagegraph.PipelineFailedException;
import dev.stagegraph.Port;
import dev.stagegraph.Results;
import dev.stagegraph.Runner;
import dev.stagegraph.StageOptions;
import dev.stagegraph.source.FrameSource;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Results in code: a run's outcomes as a list or a blocking ordered iterator, with the report, on both runners. */
class ResultsTest {

    static Pipeline<Long, Long> squares(ErrorPolicy policy) {
        PipelineBuilder<Long> b = Pipeline.builder("squares");
        Port<Long> sq = b.stage("square", b.source(), () -> (in, f) -> {
            if (in == 7) {
                throw new IllegalArgumentException("seven");
            }
            return in * in;
        }, StageOptions.defaults().replicas(2).errorPolicy(policy));
        return b.build(sq);
    }

    static List<Long> upTo(long n) {
        return LongStream.range(0, n).boxed().toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.stagegraph.runtime.TestRunners#both")
    void toList_returnsEveryOutcomeInOrder_andThenTheReport(Runner runner) {
        try (Results<Long, Long> results = runner.results(squares(ErrorPolicy.skipFrame()), FrameSource.of(upTo(1_000)))) {
            List<Outcome<Long, Long>> all = results.toList();
            assertEquals(1_000, all.size());
            for (int n = 0; n < 1_000; n++) {
                Outcome<Long, Long> o = all.get(n);
                assertEquals(n, o.frame().number());
                if (n == 7) {
                    assertEquals(Outcome.Kind.FAILED, o.kind());
                    assertEquals("square", o.failure().stage());
                    assertThrows(IllegalStateException.class, o::result, "a failure has no result");
                } else {
                    assertEquals((long) n * n, o.result());
                }
            }
            assertEquals(999, results.report().completed());
            assertEquals(1, results.report().failed());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.stagegraph.runtime.TestRunners#both")
    void theIterator_blocksWithBackpressure_andAFailedRunThrowsAfterItsOutcomes(Runner runner) {
        try (Results<Long, Long> results = runner.results(squares(ErrorPolicy.failFast()), FrameSource.of(upTo(5_000)))) {
            long[] seen = new long[1];
            PipelineFailedException e = assertThrows(PipelineFailedException.class, () -> {
                while (results.hasNext()) {
                    Outcome<Long, Long> o = results.next();
                    assertEquals(seen[0]++, o.frame().number(), "in order");
                }
            });
            assertEquals("square", e.failure().stage());
            assertTrue(seen[0] >= 8, "the outcomes up to the failed frame came first: " + seen[0]);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.stagegraph.runtime.TestRunners#both")
    void closingEarly_abortsTheRun_andLeavesNoThread(Runner runner) {
        Results<Long, Long> results = runner.results(squares(ErrorPolicy.skipFrame()), FrameSource.of(upTo(1_000_000)));
        for (int n = 0; n < 10; n++) {
            assertEquals(n, results.next().frame().number());
        }
        assertThrows(IllegalStateException.class, results::report, "outcomes are still unread");
        results.close();
        assertTrue(TestRunners.liveRuntimeThreads().stream().noneMatch(t -> t.startsWith("stagegraph-squares-")),
                TestRunners.liveRuntimeThreads().toString());
    }
}
