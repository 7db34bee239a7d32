package dev.stagegraph.report;

import java.util.List;

/**
 * What one stage, over all its replicas, did in a run. Immutable. Durations are 0 when the run had
 * timing off.
 *
 * @param name the stage's name
 * @param replicas how many instances ran
 * @param ordered whether the stage needs every frame in order, so cannot be replicated
 * @param calls how many times {@code process} was called, over all replicas
 * @param busyNanos time spent inside {@code process}, summed over replicas
 * @param cpuNanos CPU time spent inside {@code process} by the calling threads, estimated from a
 *     sample of calls; less than {@code busyNanos} for a stage that waits (sleep, I/O, a remote
 *     model) and close to it for one that computes. Threads a stage starts itself (OpenCV's pool)
 *     are not counted.
 * @param openNanos the longest {@code open} among the replicas
 * @param latency the distribution of one {@code process} call's duration
 * @param queueWait how long frames waited, once all their inputs were ready, before this stage
 *     started them
 * @param outputType the simple name of the stage's result class, or {@code "?"} if it had none
 * @param replicaReports one entry per replica, by replica index
 * @param skipped frames the stage's sampling ({@code StageOptions.everyNth}, {@code maxRate}) left
 *     out: "no result" for the stage, not failures, and not among {@code calls}
 * @param batch for a batch stage, how its calls were batched (then {@code calls} counts frames
 *     processed and {@code latency} is the duration of one batch call); {@code null} for other stages
 */
public record StageReport(String name, int replicas, boolean ordered, long calls, long busyNanos, long cpuNanos, long openNanos,
        Latency latency, Latency queueWait, String outputType, List<ReplicaReport> replicaReports, long skipped, BatchReport batch) {

    /** Copies the list. */
    public StageReport {
        replicaReports = List.copyOf(replicaReports);
    }

    /**
     * A report of a stage that is not a batch stage.
     *
     * @param name the stage's name
     * @param replicas how many instances ran
     * @param ordered whether the stage needs every frame in order
     * @param calls calls of {@code process}
     * @param busyNanos time inside {@code process}
     * @param cpuNanos estimated CPU time inside {@code process}
     * @param openNanos the longest {@code open}
     * @param latency one call's duration
     * @param queueWait how long frames waited for the stage
     * @param outputType the result's simple class name
     * @param replicaReports one entry per replica
     * @param skipped frames the sampling left out
     */
    public StageReport(String name, int replicas, boolean ordered, long calls, long busyNanos, long cpuNanos, long openNanos,
            Latency latency, Latency queueWait, String outputType, List<ReplicaReport> replicaReports, long skipped) {
        this(name, replicas, ordered, calls, busyNanos, cpuNanos, openNanos, latency, queueWait, outputType, replicaReports, skipped,
                null);
    }

    /**
     * The share of the wall time this stage's instances were busy, averaged over replicas: 1.0
     * means every replica was busy the whole time.
     *
     * @param wallNanos the run's wall time
     * @return the utilisation, from 0
     */
    public double utilisation(long wallNanos) {
        return wallNanos <= 0 ? 0 : (double) busyNanos / ((double) wallNanos * replicas);
    }

    /**
     * The mean duration of one {@code process} call.
     *
     * @return nanoseconds, 0 when there was no call or timing was off
     */
    public double meanNanos() {
        return calls == 0 ? 0 : (double) busyNanos / calls;
    }

    /**
     * The share of {@code process} time spent on a CPU rather than waiting.
     *
     * @return from 0 (waits) to about 1 (computes)
     */
    public double cpuShare() {
        return busyNanos == 0 ? 0 : Math.min(1, (double) cpuNanos / busyNanos);
    }
}
