package dev.stagegraph.flink;

import dev.stagegraph.Runner;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.Serializable;

/**
 * Makes the runner a Flink reader runs one source's stage graph with, bound to the Micrometer
 * registry the reader reads its live per-stage Flink metrics from: build the runner with
 * {@code meterRegistry(registry)} (as {@code registry -> ParallelRunner.builder().meterRegistry(registry).build()}
 * does) and each stage's {@code calls} and {@code busyNanos} move while the source runs; ignore the
 * registry and they move only when the source's run ends. Called on the task manager, once per
 * source and task attempt, from the reader's task thread; the registry belongs to that run and is
 * closed after it. Must be serializable, as every factory Flink ships (see {@link SerializableSupplier}).
 */
@FunctionalInterface
public interface LocalRunnerFactory extends Serializable {

    /**
     * Makes a runner for one source's run.
     *
     * @param registry the registry of this run's meters, owned by the reader
     * @return a new runner
     */
    Runner create(MeterRegistry registry);
}
