package dev.stagegraph.runtime;

import dev.stagegraph.report.Latency;
import dev.stagegraph.report.ReplicaReport;
import dev.stagegraph.report.StageReport;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;

/**
 * Times the work at the pipeline's two ends, the source's {@code next} and the sink's call, as a
 * stage is timed, so the report and the ideal bound see them: reading and decoding a video or
 * encoding an annotated one is work the cores do too. Like {@link StageTiming}, it may sample: once
 * {@link #sampleCalls} is on and its mean call is below {@link StageTiming#SAMPLE_BELOW_NANOS}, it
 * times one call in {@link StageTiming#PERIOD} and counts each timed call for the untimed ones before
 * it. Single writer; read after it stopped.
 */
final class EndTimer {
    private static final long CPU_SAMPLE_BUSY_NANOS = 10_000_000;
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private final String name;
    private final LatencyRecorder latency = new LatencyRecorder();
    private long calls;
    private long busyNanos;
    private long sampledBusyNanos;
    private long sampledCpuNanos;
    private long cpuStart;
    private long nextCpuSample;
    private boolean sampling;
    private long timedCalls;
    private long timedNanos;
    private long untimed;
    /** Threads this work runs on in a parallel run: one per source for the sources' reads, one for the sink. */
    private int instances = 1;

    EndTimer(String name) {
        this.name = name;
    }

    /**
     * Reports this work as spread over {@code n} threads: the reads of {@code n} sources, each on
     * its own thread in a parallel run, so the ideal bound divides their cost among them.
     */
    EndTimer instances(int n) {
        instances = n;
        return this;
    }

    /** Lets this timer sample cheap calls; set before the run starts. */
    void sampleCalls() {
        sampling = true;
    }

    /** Whether to time the next call; if not, the caller reports it with {@link #endUntimed()}. */
    boolean times() {
        return !sampling || timedCalls < StageTiming.LEARN_CALLS || timedNanos >= StageTiming.SAMPLE_BELOW_NANOS * timedCalls
                || (calls + 1) % StageTiming.PERIOD == 0;
    }

    /**
     * Counts a call that was not timed, after it returned, and reads the clock once for the callers
     * that need the time anyway (the take time, the end-to-end latency); returns that time.
     */
    long endUntimed() {
        calls++;
        untimed++;
        return System.nanoTime();
    }

    /** Starts timing a call; returns its start time. */
    long begin() {
        return begin(0L);
    }

    /** Starts timing a call at {@code clock}, the caller's last clock read with nothing in between, or 0 to read the clock. */
    long begin(long clock) {
        cpuStart = busyNanos >= nextCpuSample ? CPU.getCurrentThreadCpuTime() : -1;
        return clock != 0 ? clock : System.nanoTime();
    }

    /** Ends timing a call that began at {@code start}; returns the end time, for callers that need the clock too. */
    long end(long start) {
        long now = System.nanoTime();
        long took = now - start;
        busyNanos += took * (1 + untimed);
        untimed = 0;
        timedCalls++;
        timedNanos += took;
        latency.record(took);
        if (cpuStart >= 0) {
            sampledCpuNanos += CPU.getCurrentThreadCpuTime() - cpuStart;
            sampledBusyNanos += took;
            nextCpuSample = busyNanos + CPU_SAMPLE_BUSY_NANOS;
        }
        calls++;
        return now;
    }

    /** Adds another timer's calls to this one (several sources' reads reported as one source). Read after both writers stopped. */
    void add(EndTimer other) {
        calls += other.calls;
        busyNanos += other.busyNanos;
        sampledBusyNanos += other.sampledBusyNanos;
        sampledCpuNanos += other.sampledCpuNanos;
        other.latency.addTo(latency);
    }

    StageReport report() {
        long cpu = sampledBusyNanos == 0 ? 0 : Math.round(busyNanos * ((double) sampledCpuNanos / sampledBusyNanos));
        Latency l = latency.summary();
        return new StageReport(name, instances, true, calls, busyNanos, cpu, 0, l, Latency.NONE, "?",
                List.of(new ReplicaReport(0, calls, busyNanos, 0, 0)), 0);
    }
}
