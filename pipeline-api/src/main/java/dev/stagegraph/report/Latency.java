package dev.stagegraph.report;

/**
 * A latency distribution summarised by percentiles, in nanoseconds. Immutable.
 *
 * @param count how many values were recorded
 * @param p50Nanos the median
 * @param p95Nanos the 95th percentile
 * @param p99Nanos the 99th percentile
 * @param maxNanos the largest value
 */
public record Latency(long count, long p50Nanos, long p95Nanos, long p99Nanos, long maxNanos) {

    /** No values recorded (timing was off, or nothing ran). */
    public static final Latency NONE = new Latency(0, 0, 0, 0, 0);

    String toJson() {
        return "{\"count\":" + count + ",\"p50\":" + Json.millis(p50Nanos) + ",\"p95\":" + Json.millis(p95Nanos)
                + ",\"p99\":" + Json.millis(p99Nanos) + ",\"max\":" + Json.millis(maxNanos) + "}";
    }
}
