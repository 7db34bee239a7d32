package dev.stagegraph.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The default build's short run of {@link FaultInjectionStressTest}: 20,000 frames per policy with
 * injected faults, and 50 random graphs with failures under skip-frame and restart compared with
 * the sequential runner. The long versions run with {@code -Pstress}.
 */
class FaultInjectionTest {

    @ParameterizedTest
    @ValueSource(strings = {"fail-fast", "skip-frame", "restart"})
    void faultsUnderLoad_short(String policy) throws Exception {
        FaultInjectionStressTest.faultsUnderLoad(policy, 20_000);
    }

    @Test
    void differentialWithRandomFailuresAndRestarts_short() throws Exception {
        FaultInjectionStressTest.differentialWithRandomFailures(50, 0xFA18L);
    }
}
