package dev.stagegraph.runtime;

import com.lmax.disruptor.WaitStrategy;
import dev.stagegraph.source.LivePolicy;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * What a runner's builder fixed for every run it starts. Immutable.
 *
 * @param fuseFromSources from how many sources a parallel run runs each per-source stage that reads
 *     only the source on its source's thread (see {@link ParallelStages}); the machine's cores by default
 */
record RunConfig(int ringSize, int maxInFlight, LivePolicy livePolicy, Supplier<? extends WaitStrategy> waitStrategy,
        boolean timing, Duration stopTimeout, Duration stallTimeout, Path traceFile, int traceFrames, MeterRegistry registry,
        int fuseFromSources) {

    TraceRecorder newTrace(int stages) {
        return traceFile == null ? null : new TraceRecorder(traceFile, traceFrames, stages);
    }
}
