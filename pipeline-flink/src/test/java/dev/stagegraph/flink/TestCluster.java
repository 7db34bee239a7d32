package dev.stagegraph.flink;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** The mini cluster the Flink tests share per class (one task manager, 4 slots) and their helpers. */
final class TestCluster {
    private TestCluster() {}

    /** A mini cluster whose metrics go to {@code reporter}. */
    static MiniClusterExtension create(InMemoryReporter reporter) {
        return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
                .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4)
                .setConfiguration(reporter.addToConfiguration(new Configuration())).build());
    }

    /** The test environment: no Kryo, and a fixed-delay restart strategy or none. */
    static StreamExecutionEnvironment env(boolean restarts) {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        if (restarts) {
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
        } else {
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.configure(conf, TestCluster.class.getClassLoader());
        return env;
    }

    /** Sums a counter or a numeric gauge over every reader (and every attempt) of the job. */
    static long counter(InMemoryReporter reporter, JobExecutionResult job, String suffix) {
        return counter(reporter, job.getJobID(), suffix);
    }

    /** Sums a counter or a numeric gauge over every reader (and every attempt) of the job, read now. */
    static long counter(InMemoryReporter reporter, JobID job, String suffix) {
        long sum = 0;
        int found = 0;
        String id = job.toString();
        for (Map.Entry<MetricGroup, Map<String, Metric>> g : reporter.getMetricsByGroup().entrySet()) {
            if (!id.equals(g.getKey().getAllVariables().get("<job_id>"))) {
                continue;
            }
            for (Map.Entry<String, Metric> e : g.getValue().entrySet()) {
                if (!g.getKey().getMetricIdentifier(e.getKey()).endsWith("." + suffix)) {
                    continue;
                }
                if (e.getValue() instanceof Counter c) {
                    sum += c.getCount();
                    found++;
                } else if (e.getValue() instanceof Gauge<?> gauge && gauge.getValue() instanceof Number n) {
                    sum += n.longValue();
                    found++;
                }
            }
        }
        assertTrue(found > 0, "no metric " + suffix);
        return sum;
    }

}
