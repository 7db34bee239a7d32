package dev.stagegraph.flink;

import dev.stagegraph.report.StageReport;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

/**
 * A reader's figures in Flink's metric system, named as in the local run report, under the reader's
 * metric group: {@code stagegraph.source.<name>.framesIn|completed|failed|dropped|replayed} per
 * source (counters, counted on the task thread as results are emitted; {@code replayed} counts
 * frames a restored recorded source ran through the stages again without emitting them, added when
 * its run ends) and {@code stagegraph.stage.<name>.calls|busyNanos} per stage (gauges, summed over
 * every instance and over the reader's sources). The stage gauges are live: each source's run
 * publishes its workers' counters to its own Micrometer registry ({@link LocalRunnerFactory}), read
 * when Flink reads the gauge; when a run ends its report's final figures take the place of its
 * registry. A gauge never goes back: for each run it shows the most it has seen, so the moment
 * between a run removing its meters and the reader taking its report shows no dip.
 *
 * <p>Registration and the end of a run happen on the task thread; gauges are read on Flink's
 * reporter threads. The figures are guarded by this object's monitor.
 */
final class ReaderMetrics {
    private static final String PROCESS = "stagegraph.stage.process";

    private final MetricGroup root;
    private final Map<String, Counter[]> sources = new HashMap<>();
    private final Set<String> stages = new HashSet<>();
    /** The running sources' figures, by source; guarded by {@code this}. */
    private final Map<String, Figures> running = new LinkedHashMap<>();
    /** Calls and busy nanoseconds per stage of the runs that ended; guarded by {@code this}. */
    private final Map<String, long[]> ended = new HashMap<>();

    ReaderMetrics(MetricGroup group) {
        this.root = group.addGroup("stagegraph");
    }

    private Counter[] source(String name) {
        return sources.computeIfAbsent(name, n -> {
            MetricGroup g = root.addGroup("source", n);
            return new Counter[] {g.counter("framesIn"), g.counter("completed"), g.counter("failed"), g.counter("dropped"),
                g.counter("replayed")};
        });
    }

    /** A source's run starts: its counters, and a gauge pair per stage not registered yet. */
    void register(String source, MeterRegistry registry, List<String> stageNames) {
        source(source);
        synchronized (this) {
            running.put(source, new Figures(registry));
        }
        stageNames.forEach(this::stage);
    }

    private void stage(String name) {
        if (stages.add(name)) {
            MetricGroup g = root.addGroup("stage", name);
            g.gauge("calls", (Gauge<Long>) () -> value(name, 0));
            g.gauge("busyNanos", (Gauge<Long>) () -> value(name, 1));
        }
    }

    /** A stage's figure ({@code 0} calls, {@code 1} busy nanoseconds) over every run of this reader, now. */
    synchronized long value(String stage, int which) {
        long[] done = ended.get(stage);
        long sum = done == null ? 0 : done[which];
        for (Figures f : running.values()) {
            sum += f.read(stage)[which];
        }
        return sum;
    }

    void emitted(FrameResult<?> result) {
        Counter[] c = source(result.source());
        switch (result.kind()) {
            case RESULT:
            case NO_RESULT:
                c[0].inc();
                c[1].inc();
                break;
            case FAILED:
                c[0].inc();
                c[2].inc();
                break;
            case DROPPED:
                c[3].inc();
                break;
            default:
                break;
        }
    }

    /** A source's run ended: its report's figures replace its registry's. */
    void ended(SplitRun.End end) {
        source(end.source())[4].inc(end.replayed());
        Figures f;
        synchronized (this) {
            f = running.remove(end.source());
            Map<String, long[]> last = new HashMap<>();
            if (f != null) {
                f.seen.forEach((stage, v) -> last.put(stage, v.clone()));
            }
            if (end.report() != null) {
                for (StageReport s : end.report().stages()) {
                    long[] v = last.computeIfAbsent(s.name(), n -> new long[2]);
                    v[0] = Math.max(v[0], s.calls());
                    v[1] = Math.max(v[1], s.busyNanos());
                }
            }
            last.forEach((stage, v) -> {
                long[] sum = ended.computeIfAbsent(stage, n -> new long[2]);
                sum[0] += v[0];
                sum[1] += v[1];
            });
            last.keySet().forEach(this::stage);
        }
        if (f != null) {
            f.registry.close();
        }
    }

    /** One running source's figures: read from its registry, each the most seen so far. */
    private static final class Figures {
        final MeterRegistry registry;
        final Map<String, long[]> seen = new HashMap<>();

        Figures(MeterRegistry registry) {
            this.registry = registry;
        }

        long[] read(String stage) {
            long calls = 0;
            long busy = 0;
            for (FunctionTimer t : registry.find(PROCESS).tag("stage", stage).functionTimers()) {
                calls += (long) t.count();
                busy += (long) t.totalTime(TimeUnit.NANOSECONDS);
            }
            long[] v = seen.computeIfAbsent(stage, n -> new long[2]);
            v[0] = Math.max(v[0], calls);
            v[1] = Math.max(v[1], busy);
            return v;
        }
    }
}
