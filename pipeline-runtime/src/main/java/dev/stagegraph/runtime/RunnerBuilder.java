package dev.stagegraph.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The options both runners share: timing, the trace and the meter registry. Not thread-safe.
 *
 * @param <B> the concrete builder, returned by each setter
 */
abstract class RunnerBuilder<B extends RunnerBuilder<B>> {
    boolean timing = true;
    Path traceFile;
    int traceFrames;
    MeterRegistry registry;

    abstract B self();

    /**
     * Whether to time every {@code process} call and every frame (two clock reads per call, and a
     * thread CPU clock read once per 10 ms of busy time). On by default; off leaves calls and counts in
     * the report but no durations.
     *
     * @param on {@code true} to time
     * @return this builder
     */
    public B timing(boolean on) {
        this.timing = on;
        return self();
    }

    /**
     * Records the stage spans of the last {@code lastFrames} frames of each run and writes them to
     * {@code file} when the run ends, in the Chrome trace event format (open it in Perfetto or
     * {@code chrome://tracing}). Recording copies a few numbers per frame into preallocated
     * arrays; it needs timing on.
     *
     * @param file where to write, replaced by each run
     * @param lastFrames how many frames to keep, at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code lastFrames} is less than 1
     */
    public B trace(Path file, int lastFrames) {
        if (lastFrames < 1) {
            throw new IllegalArgumentException("a trace keeps at least 1 frame, was " + lastFrames);
        }
        this.traceFile = Objects.requireNonNull(file, "file");
        this.traceFrames = lastFrames;
        return self();
    }

    /**
     * Publishes each run's meters on {@code registry} while its execution is open: per stage
     * instance a {@code stagegraph.stage.process} timer (and, in the parallel runner, a
     * {@code stagegraph.stage.backlog} gauge), {@code stagegraph.frames} counters by outcome, a
     * {@code stagegraph.frame.latency} timer and, in the parallel runner, a
     * {@code stagegraph.ring.occupancy} gauge, tagged with the pipeline's name and the mode. They
     * read the runtime's own counters, so they cost nothing per frame.
     *
     * @param registry any Micrometer registry (Prometheus, JMX, a {@code SimpleMeterRegistry}...)
     * @return this builder
     */
    public B meterRegistry(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        return self();
    }

    void checkShared() {
        if (traceFile != null && !timing) {
            throw new IllegalArgumentException("a trace needs timing on: remove timing(false) or trace(...)");
        }
    }
}
