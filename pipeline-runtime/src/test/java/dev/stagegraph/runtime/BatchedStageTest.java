package dev.stagegraph.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagegraph.report.RunReport;
import dev.stagegraph.report.StageReport;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Batched stages (issue 13 item 3): random graphs with batch stages, 1 to 4 sources, replicas and
 * per-source stages; parallel equals sequential per source, frame by frame, failures included
 * (stage, frame and cause), which it can only if no batch mixes up its frames' inputs, contexts
 * and results, and if each failure inside a batch lands on its own frame.
 */
class BatchedStageTest {
    private static final int GRAPHS = 150;

    @Test
    void parallelEqualsSequentialPerSource_onRandomGraphsWithBatchStages() throws Exception {
        String replay = System.getProperty("dag.seed");
        SplittableRandom seeds = new SplittableRandom(0x5EED_B013L);
        int batchedStages = 0;
        int batchedSeveral = 0;
        for (int i = 0; i < (replay != null ? 1 : GRAPHS); i++) {
            long seed = replay != null ? Long.parseLong(replay) : seeds.nextLong();
            RunReport par = MultiSourceTest.compare(seed, (seed & 1) == 0, true);
            for (StageReport s : par.stages()) {
                if (s.batch() != null && s.batch().maxBatch() > 1) {
                    batchedStages++;
                    batchedSeveral += s.batch().largest() > 1 ? 1 : 0;
                    assertEquals(s.calls(), s.batch().frames(), "every call of " + s.name() + " was in a batch, seed " + seed);
                }
            }
        }
        assertTrue(replay != null || batchedStages > 20, "the graphs have batch stages: " + batchedStages);
        assertTrue(replay != null || batchedSeveral > 0, "some batch stage took several frames in one call");
    }
}
