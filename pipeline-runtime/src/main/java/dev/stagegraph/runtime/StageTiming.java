package dev.stagegraph.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The timing of one stage instance (or of the source's reads): per-call latency, queue wait, busy
 * time and an estimate of CPU time, at a cost of about one clock read per call or less.
 *
 * <p><b>Clock reads.</b> A caller that runs several calls back to back on one thread passes the
 * clock it last read: the previous call's end is the next call's start, so a batch of {@code k}
 * calls costs {@code k + 1} reads instead of {@code 2k}.
 *
 * <p><b>Sampling.</b> A clock read costs 25&ndash;45 ns on the machines this runs on, more than a
 * sub-microsecond stage's whole call. Once an instance has been timed on {@value #LEARN_CALLS}
 * calls and its mean call is below {@value #SAMPLE_BELOW_NANOS} ns, it times only the frames the
 * source marked as timed ({@link Slot#timed}, one in {@value #PERIOD}; every stage times the same
 * frames, so a sampled frame's queue waits add up along its path) and counts each timed call for
 * itself and the untimed calls since the previous one. Busy time is then an estimate with the
 * sampled calls' mean; the latency and queue-wait histograms hold the sampled calls. A stage whose
 * mean rises above the threshold is timed on every call again. Sampling is off unless the runner
 * turns it on ({@link #sampleFrames}): it needs a source that marks frames, and a trace needs every
 * span.
 *
 * <p>Thread CPU time is a system call (about 0.5 &micro;s): read on the first timed call and then
 * once per 10 ms of busy time. Single writer (the instance's thread); {@code busyNanos} is stored
 * opaquely so meters on other threads can read it, everything else is read after the thread stopped.
 */
final class StageTiming {
    /** The source marks one frame in this many as timed: a prime, so every replica of a stage gets its share. */
    static final int PERIOD = 61;
    static final long SAMPLE_BELOW_NANOS = 2_000;
    static final int LEARN_CALLS = 256;
    private static final long CPU_SAMPLE_BUSY_NANOS = 10_000_000;
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    private static final VarHandle BUSY_NANOS;

    static {
        try {
            BUSY_NANOS = MethodHandles.lookup().findVarHandle(StageTiming.class, "busyNanos", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final LatencyRecorder latency = new LatencyRecorder();
    private final LatencyRecorder queueWait = new LatencyRecorder();
    private boolean sampling;
    /** Calls actually timed, and their total duration: the mean that decides whether to sample. */
    private long timedCalls;
    private long timedNanos;
    /** Calls not timed since the last timed one; each timed call stands for them too. */
    private long untimed;
    private long busyNanos;
    private long sampledBusyNanos;
    private long sampledCpuNanos;
    private long nextCpuSample;
    private long cpuStart = -1;

    /** Lets this timer sample cheap calls on the frames the source marks; set before the run starts. */
    void sampleFrames() {
        sampling = true;
    }

    /** Whether to time a call on {@code slot}: always while learning or for slow stages, else the source's marked frames. */
    boolean times(Slot slot) {
        if (!sampling || slot.timed || timedCalls < LEARN_CALLS || timedNanos >= SAMPLE_BELOW_NANOS * timedCalls) {
            return true;
        }
        untimed++;
        return false;
    }

    /**
     * Starts a timed call: {@code clock} is the caller's last clock read if nothing happened on its
     * thread since, or 0 to read the clock. Returns the start time.
     */
    long start(long clock) {
        long start = clock != 0 ? clock : System.nanoTime();
        if (busyNanos >= nextCpuSample) {
            cpuStart = CPU.getCurrentThreadCpuTime();
        }
        return start;
    }

    /**
     * Ends a timed call that started at {@code start} on inputs ready at {@code ready} (0: not
     * known, no queue wait is recorded); returns the end time, the caller's new clock.
     */
    long end(long start, long ready) {
        long end = System.nanoTime();
        long took = end - start;
        timedCalls++;
        timedNanos += took;
        latency.record(took);
        if (ready != 0) {
            queueWait.record(start - ready);
        }
        BUSY_NANOS.setOpaque(this, busyNanos + took * (1 + untimed));
        untimed = 0;
        if (cpuStart >= 0) {
            sampledCpuNanos += CPU.getCurrentThreadCpuTime() - cpuStart;
            sampledBusyNanos += took;
            nextCpuSample = busyNanos + CPU_SAMPLE_BUSY_NANOS;
            cpuStart = -1;
        }
        return end;
    }

    LatencyRecorder latency() {
        return latency;
    }

    LatencyRecorder queueWait() {
        return queueWait;
    }

    /** Busy time so far (measured, or estimated while sampling); safe to read from any thread. */
    long busyNanos() {
        return (long) BUSY_NANOS.getOpaque(this);
    }

    /** Estimated CPU time: busy time times the CPU share of the calls whose CPU time was read. */
    long cpuNanos() {
        return sampledBusyNanos == 0 ? 0 : Math.round(busyNanos * ((double) sampledCpuNanos / sampledBusyNanos));
    }
}
