package dev.stagegraph.report;

/**
 * What one instance of a stage did in a run. Immutable.
 *
 * @param replica the replica index
 * @param calls how many times {@code process} was called
 * @param busyNanos time spent inside {@code process}, 0 when timing was off
 * @param openNanos time spent in {@code open} (the first one, before any frame)
 * @param restarts how many times the instance was replaced under the restart policy
 */
public record ReplicaReport(int replica, long calls, long busyNanos, long openNanos, int restarts) {}
