package dev.stagegraph;

import java.util.List;

/**
 * What one stage, over all its replicas, did in a run. Immutable.
 *
 * @param name the stage's name
 * @param replicas how many instances ran
 * @param calls how many times {@code process} was called, over all replicas
 * @param busyNanos time spent inside {@code process}, summed over replicas; 0 when timing was off
 * @param openNanos the longest {@code open} among the replicas
 * @param latency the distribution of one {@code process} call's duration
 * @param replicaReports one entry per replica, by replica index
 */
public record StageReport(String name, int replicas, long calls, long busyNanos, long openNanos, Latency latency,
        List<ReplicaReport> replicaReports) {

    /** Copies the list. */
    public StageReport {
        replicaReports = List.copyOf(replicaReports);
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
}
