package dev.stagegraph.runtime;

import java.util.SplittableRandom;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Batched stages under repetition ({@code mvn -Pstress verify}; {@link BatchedStageTest} and
 * {@link BatchPromisesTest} run short versions in the default build). Forbidden outcomes: a
 * frame whose outcome (result, failure stage, frame and cause) differs from the sequential
 * runner's, counts that do not add up per source, a lone frame not processed within
 * {@code maxDelay} + 5 s, a run's end or an abort that waits for a batch to fill.
 */
@Tag("stress")
class BatchStressTest {

    @Test
    void parallelEqualsSequentialPerSource_onManyRandomGraphsWithBatchStages() throws Exception {
        SplittableRandom seeds = new SplittableRandom(0x5EED_B513L);
        for (int i = 0; i < 2_000; i++) {
            long seed = seeds.nextLong();
            MultiSourceTest.compare(seed, (seed & 1) == 0, true);
        }
    }

    @RepeatedTest(30)
    void aLoneFrame_isProcessedWithinMaxDelay_everyTime() throws Exception {
        new BatchPromisesTest().aLoneFrame_isProcessedWithinMaxDelay();
    }

    @RepeatedTest(30)
    void theEndAndAnAbort_neverWaitForABatch_everyTime() throws Exception {
        BatchPromisesTest t = new BatchPromisesTest();
        t.theEndOfTheStream_doesNotWaitForTheBatchToFill();
        t.anAbort_doesNotWaitForTheBatchToFill_andAccountsForItsFrames();
    }

    @RepeatedTest(20)
    void forcedBatches_attributeFailuresToTheirFrames_everyTime() throws Exception {
        BatchPromisesTest t = new BatchPromisesTest();
        for (dev.stagegraph.Runner r : BatchPromisesTest.runners()) {
            t.aFailureSetForOneFrame_failsThatFrameOnly(r);
            t.aThrowFailsEveryFrameOfItsBatch_eachUnderItsOwnNumber_andNoOther(r);
        }
    }
}
