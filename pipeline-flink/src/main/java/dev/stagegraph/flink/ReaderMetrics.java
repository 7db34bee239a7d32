package dev.stagegraph.flink;

import dev.stagegraph.report.StageReport;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * A reader's figures in Flink's metric system, named as in the local run report, under the reader's
 * metric group: {@code stagegraph.source.<name>.framesIn|completed|failed|dropped|replayed} per
 * source, counted as results are emitted, and {@code stagegraph.stage.<name>.calls|busyNanos} per
 * stage, summed over the reader's sources and added when a source's run ends (the local runner
 * reports them at the end of its run). {@code replayed} counts frames a restored recorded source
 * ran through the stages again without emitting them. Task thread only.
 */
final class ReaderMetrics {
    private final MetricGroup root;
    private final Map<String, Counter[]> sources = new HashMap<>();
    private final Map<String, Counter[]> stages = new HashMap<>();

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

    void register(String source) {
        source(source);
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

    void ended(SplitRun.End end) {
        source(end.source())[4].inc(end.replayed());
        if (end.report() == null) {
            return;
        }
        for (StageReport s : end.report().stages()) {
            Counter[] c = stages.computeIfAbsent(s.name(), n -> {
                MetricGroup g = root.addGroup("stage", n);
                return new Counter[] {g.counter("calls"), g.counter("busyNanos")};
            });
            c[0].inc(s.calls());
            c[1].inc(s.busyNanos());
        }
    }
}
