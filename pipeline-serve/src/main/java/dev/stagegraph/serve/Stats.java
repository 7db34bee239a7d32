package dev.stagegraph.serve;

import dev.stagegraph.Execution;
import dev.stagegraph.Pipeline;
import dev.stagegraph.report.Progress;
import dev.stagegraph.spi.StageNode;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;

/**
 * The JSON the page polls. {@code /graph.json} is the pipeline's shape, fixed for the view's life;
 * {@code /stats.json} is a snapshot: the execution's {@link Progress}, per stage the calls and busy
 * time summed over its replicas and its backlog (read from the runtime's meters on the registry,
 * cumulative, so the page computes rates from two snapshots and any number of pages can poll), the
 * stream's counters, and once the run has ended its report. Built on the server's threads; reads
 * only thread-safe sources.
 */
final class Stats {
    private final Pipeline<?, ?> pipeline;
    private final MeterRegistry registry;
    private final JpegStream stream;
    private final MjpegHandler viewers;
    private final long startNanos = System.nanoTime();

    Stats(Pipeline<?, ?> pipeline, MeterRegistry registry, JpegStream stream, MjpegHandler viewers) {
        this.pipeline = pipeline;
        this.registry = registry;
        this.stream = stream;
        this.viewers = viewers;
    }

    /** The graph: every stage with its replicas and inputs (-1 is the source), and the stage that feeds the sink. */
    String graph() {
        StringJoiner stages = new StringJoiner(",", "[", "]");
        for (StageNode n : pipeline.stages()) {
            StringJoiner inputs = new StringJoiner(",", "[", "]");
            for (int k = 0; k < n.inputCount(); k++) {
                inputs.add(Integer.toString(n.input(k)));
            }
            stages.add("{\"name\":" + Json.string(n.name()) + ",\"replicas\":" + n.replicas() + ",\"ordered\":" + n.ordered()
                    + ",\"inputs\":" + inputs + "}");
        }
        return "{\"pipeline\":" + Json.string(pipeline.name()) + ",\"stages\":" + stages + ",\"result\":"
                + pipeline.resultStage().index() + "}";
    }

    /** A snapshot; {@code end} is the run's outcome once it has ended, else {@code null}. */
    String snapshot(Execution<?> execution, Outcome end) {
        long now = System.nanoTime();
        Progress p = execution.progress();
        List<StageNode> nodes = pipeline.stages();
        long[] calls = new long[nodes.size()];
        double[] busy = new double[nodes.size()];
        double[] backlog = new double[nodes.size()];
        boolean[] metered = new boolean[nodes.size()];
        for (FunctionTimer t : registry.find("stagegraph.stage.process").tag("pipeline", pipeline.name()).functionTimers()) {
            int i = indexOf(t.getId().getTag("stage"));
            if (i >= 0) {
                metered[i] = true;
                calls[i] += (long) t.count();
                busy[i] += t.totalTime(TimeUnit.SECONDS);
            }
        }
        for (Gauge g : registry.find("stagegraph.stage.backlog").tag("pipeline", pipeline.name()).gauges()) {
            int i = indexOf(g.getId().getTag("stage"));
            if (i >= 0) {
                backlog[i] += g.value();
            }
        }
        StringJoiner stages = new StringJoiner(",", "[", "]");
        for (int i = 0; i < nodes.size(); i++) {
            stages.add("{\"name\":" + Json.string(nodes.get(i).name()) + ",\"metered\":" + metered[i] + ",\"calls\":" + calls[i]
                    + ",\"busySeconds\":" + Json.number(busy[i]) + ",\"backlog\":" + Json.number(backlog[i]) + "}");
        }
        double latencyCount = 0;
        double latencySeconds = 0;
        for (FunctionTimer t : registry.find("stagegraph.frame.latency").tag("pipeline", pipeline.name()).functionTimers()) {
            latencyCount += t.count();
            latencySeconds += t.totalTime(TimeUnit.SECONDS);
        }
        return "{\"pipeline\":" + Json.string(pipeline.name()) + ",\"seconds\":" + Json.number((now - startNanos) / 1e9)
                + ",\"framesIn\":" + p.framesIn() + ",\"completed\":" + p.completed() + ",\"failed\":" + p.failed()
                + ",\"dropped\":" + p.dropped() + ",\"expected\":" + p.expected() + ",\"stages\":" + stages
                + ",\"endToEnd\":{\"count\":" + Json.number(latencyCount) + ",\"seconds\":" + Json.number(latencySeconds) + "}"
                + ",\"stream\":{\"offered\":" + stream.offered() + ",\"sent\":" + stream.sent() + ",\"missed\":" + stream.missed()
                + ",\"viewers\":" + viewers.viewers() + "}"
                + ",\"ended\":" + (end != null) + ",\"report\":" + (end == null || end.reportJson() == null ? "null" : end.reportJson())
                + ",\"error\":" + Json.string(end == null ? null : end.error()) + "}";
    }

    private int indexOf(String stage) {
        List<StageNode> nodes = pipeline.stages();
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i).name().equals(stage)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * How a run ended, for the page.
     *
     * @param reportJson the report's JSON, or {@code null} if the run failed
     * @param error the failure's message, or {@code null}
     */
    record Outcome(String reportJson, String error) {}
}
