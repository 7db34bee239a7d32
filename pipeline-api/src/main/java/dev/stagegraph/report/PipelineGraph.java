package dev.stagegraph.report;

import dev.stagegraph.ErrorPolicy;
import dev.stagegraph.Pipeline;
import dev.stagegraph.spi.StageNode;
import java.util.List;
import java.util.Locale;

/**
 * Draws a pipeline's graph as Graphviz DOT or Mermaid: the source, each stage with its replicas and
 * error policy, the sink, and every edge. Given a run's report, each stage also shows its
 * utilisation and latency, edges show the type that flows on them, and stages are shaded by how
 * busy they were, so the bottleneck stands out. Stateless.
 *
 * <pre>{@code
 * Files.writeString(Path.of("graph.dot"), PipelineGraph.toDot(pipeline, report));
 * // dot -Tpng graph.dot -o graph.png
 * }</pre>
 */
public final class PipelineGraph {
    private PipelineGraph() {}

    /**
     * The pipeline as a Graphviz DOT digraph.
     *
     * @param pipeline the pipeline
     * @return the DOT text
     */
    public static String toDot(Pipeline<?, ?> pipeline) {
        return toDot(pipeline, null);
    }

    /**
     * The pipeline as a Graphviz DOT digraph, annotated with a run's figures.
     *
     * @param pipeline the pipeline
     * @param report a report of a run of this pipeline, or {@code null}
     * @return the DOT text
     * @throws IllegalArgumentException if the report is of another pipeline's stages
     */
    public static String toDot(Pipeline<?, ?> pipeline, RunReport report) {
        List<StageReport> stats = statsFor(pipeline, report);
        StringBuilder b = new StringBuilder();
        b.append("digraph ").append(id(pipeline.name())).append(" {\n");
        b.append("  rankdir=LR;\n  node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", fontname=\"Helvetica\"];\n");
        b.append("  edge [fontname=\"Helvetica\", fontsize=10];\n");
        String title = report == null ? pipeline.name()
                : String.format(Locale.ROOT, "%s (%s): %.1f FPS, %d frames", pipeline.name(), report.mode(), report.fps(), report.completed());
        b.append("  label=").append(quote(title)).append("; labelloc=t;\n");
        b.append("  source [shape=oval, fillcolor=\"#e8f0fe\"];\n  sink [shape=oval, fillcolor=\"#e8f0fe\"];\n");
        String bottleneck = report == null ? null : report.bottleneck().name();
        for (StageNode node : pipeline.stages()) {
            StringBuilder label = new StringBuilder(node.name());
            if (node.replicas() > 1) {
                label.append(" x").append(node.replicas());
            }
            if (node.errorPolicy().kind() != ErrorPolicy.Kind.FAIL_FAST) {
                label.append("\\n").append(node.errorPolicy());
            }
            String fill = "#ffffff";
            String pen = "";
            if (stats != null) {
                StageReport s = stats.get(node.index());
                double util = s.utilisation(report.wallNanos());
                label.append(String.format(Locale.ROOT, "\\nbusy %d%%, mean %.2f ms, p99 %.2f ms", Math.round(100 * util),
                        s.meanNanos() / 1e6, s.latency().p99Nanos() / 1e6));
                fill = heat(util);
                if (node.name().equals(bottleneck)) {
                    label.append("\\nbottleneck");
                    pen = ", color=\"#c62828\", penwidth=2.5";
                }
            }
            b.append("  ").append(id(node.name())).append(" [label=").append(quote(label.toString())).append(", fillcolor=\"")
                    .append(fill).append("\"").append(pen).append("];\n");
        }
        for (StageNode node : pipeline.stages()) {
            for (int k = 0; k < node.inputCount(); k++) {
                int in = node.input(k);
                b.append("  ").append(in == StageNode.SOURCE ? "source" : id(pipeline.stages().get(in).name())).append(" -> ")
                        .append(id(node.name())).append(edgeLabel(stats, in)).append(";\n");
            }
        }
        b.append("  ").append(id(pipeline.resultStage().name())).append(" -> sink")
                .append(edgeLabel(stats, pipeline.resultStage().index())).append(";\n}\n");
        return b.toString();
    }

    /**
     * The pipeline as a Mermaid flowchart, for Markdown that renders it.
     *
     * @param pipeline the pipeline
     * @param report a report of a run of this pipeline, or {@code null}
     * @return the Mermaid text
     * @throws IllegalArgumentException if the report is of another pipeline's stages
     */
    public static String toMermaid(Pipeline<?, ?> pipeline, RunReport report) {
        List<StageReport> stats = statsFor(pipeline, report);
        StringBuilder b = new StringBuilder("flowchart LR\n  source([source])\n  sink([sink])\n");
        for (StageNode node : pipeline.stages()) {
            StringBuilder label = new StringBuilder(node.name());
            if (node.replicas() > 1) {
                label.append(" x").append(node.replicas());
            }
            if (node.errorPolicy().kind() != ErrorPolicy.Kind.FAIL_FAST) {
                label.append("<br/>").append(node.errorPolicy());
            }
            if (stats != null) {
                StageReport s = stats.get(node.index());
                label.append(String.format(Locale.ROOT, "<br/>busy %d%%, mean %.2f ms", Math.round(100 * s.utilisation(report.wallNanos())),
                        s.meanNanos() / 1e6));
            }
            b.append("  s").append(node.index()).append("[\"").append(label.toString().replace("\"", "'")).append("\"]\n");
        }
        for (StageNode node : pipeline.stages()) {
            for (int k = 0; k < node.inputCount(); k++) {
                int in = node.input(k);
                String type = stats != null && in != StageNode.SOURCE ? "|" + stats.get(in).outputType() + "|" : "";
                b.append("  ").append(in == StageNode.SOURCE ? "source" : "s" + in).append(" -->").append(type).append(" s")
                        .append(node.index()).append("\n");
            }
        }
        b.append("  s").append(pipeline.resultStage().index()).append(" --> sink\n");
        if (report != null) {
            pipeline.stages().stream().filter(n -> n.name().equals(report.bottleneck().name())).findFirst()
                    .ifPresent(n -> b.append("  style s").append(n.index()).append(" stroke:#c62828,stroke-width:3px\n"));
        }
        return b.toString();
    }

    private static List<StageReport> statsFor(Pipeline<?, ?> pipeline, RunReport report) {
        if (report == null) {
            return null;
        }
        List<StageReport> stats = report.stages();
        boolean same = stats.size() == pipeline.stages().size();
        for (int i = 0; same && i < stats.size(); i++) {
            same = stats.get(i).name().equals(pipeline.stages().get(i).name());
        }
        if (!same) {
            throw new IllegalArgumentException("the report of pipeline '" + report.pipeline() + "' does not match the stages of '"
                    + pipeline.name() + "': pass a report of a run of this pipeline");
        }
        return stats;
    }

    private static String edgeLabel(List<StageReport> stats, int from) {
        if (stats == null || from == StageNode.SOURCE) {
            return "";
        }
        return " [label=" + quote(stats.get(from).outputType()) + "]";
    }

    /** White for idle, through yellow, to red for a stage busy all the time. */
    private static String heat(double utilisation) {
        double u = Math.max(0, Math.min(1, utilisation));
        int green = (int) Math.round(255 - 155 * u);
        int blue = (int) Math.round(255 - 235 * Math.min(1, 2 * u));
        return String.format(Locale.ROOT, "#%02x%02x%02x", 255, green, blue);
    }

    private static String id(String name) {
        return quote(name);
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\\\\n", "\\n") + "\"";
    }
}
