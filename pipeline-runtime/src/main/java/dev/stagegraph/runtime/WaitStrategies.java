package dev.stagegraph.runtime;

import com.lmax.disruptor.LiteTimeoutBlockingWaitStrategy;
import com.lmax.disruptor.TimeoutBlockingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;

/** Which Disruptor wait strategies the runtime can use. */
final class WaitStrategies {
    private WaitStrategies() {}

    /**
     * Returns {@code strategy} if the runtime can use it.
     *
     * @throws IllegalArgumentException if it is {@code null} or times out: the runtime's loops wait
     *     for frames without a time limit (time limits are per stage, watched by the watchdog)
     */
    static WaitStrategy checked(WaitStrategy strategy) {
        if (strategy == null) {
            throw new IllegalArgumentException("the wait strategy factory returned null: it must make a new WaitStrategy per run");
        }
        if (strategy instanceof TimeoutBlockingWaitStrategy || strategy instanceof LiteTimeoutBlockingWaitStrategy) {
            throw new IllegalArgumentException(strategy.getClass().getSimpleName() + " times out, and a run's loops wait for frames"
                    + " without a time limit: use the default, SleepingWaitStrategy or YieldingWaitStrategy, and put a time limit"
                    + " on the stage (StageOptions.timeLimit) or a stall timeout on the runner instead");
        }
        return strategy;
    }
}
