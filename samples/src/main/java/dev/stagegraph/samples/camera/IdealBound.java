package dev.stagegraph.samples.camera;

import dev.stagegraph.RunReport;
import dev.stagegraph.StageReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The design's ideal bound for CPU-bound work on P cores, {@code FPS = min(P / sum(c_i),
 * min_i(r_i / c_i))}, over the stages and the two ends of the pipeline that also compute: reading
 * the source and the sink (drawing and encoding the video). The costs are means from one run,
 * normally the sequential one, where nothing competes.
 *
 * @param cores P
 * @param names what each cost belongs to
 * @param costs mean nanoseconds per frame, same order
 * @param replicas instances of each, same order
 */
record IdealBound(int cores, List<String> names, List<Double> costs, List<Integer> replicas) {

    /** Copies the lists. */
    IdealBound {
        names = List.copyOf(names);
        costs = List.copyOf(costs);
        replicas = List.copyOf(replicas);
    }

    /**
     * The bound from a run's report and the costs of its source and sink.
     *
     * @param report the run's report
     * @param sourceNanos the source's mean cost per frame
     * @param sinkNanos the sink's mean cost per frame
     * @param cores P
     * @return the bound
     */
    static IdealBound of(RunReport report, double sourceNanos, double sinkNanos, int cores) {
        List<String> names = new ArrayList<>(List.of("source"));
        List<Double> costs = new ArrayList<>(List.of(sourceNanos));
        List<Integer> replicas = new ArrayList<>(List.of(1));
        for (StageReport s : report.stages()) {
            names.add(s.name());
            costs.add(s.meanNanos());
            replicas.add(s.replicas());
        }
        names.add("sink");
        costs.add(sinkNanos);
        replicas.add(1);
        return new IdealBound(cores, names, costs, replicas);
    }

    /** The sum of all costs: one frame's work, done on one core. */
    double totalNanos() {
        return costs.stream().mapToDouble(Double::doubleValue).sum();
    }

    /** The ideal parallel frame rate. */
    double fps() {
        double limit = cores / totalNanos();
        for (int i = 0; i < costs.size(); i++) {
            if (costs.get(i) > 0) {
                limit = Math.min(limit, replicas.get(i) / costs.get(i));
            }
        }
        return limit * 1e9;
    }

    /** The ideal speed-up over doing all the work on one thread. */
    double speedup() {
        return fps() * totalNanos() / 1e9;
    }

    /**
     * One line: the costs and the bound.
     *
     * @return the line
     */
    String describe() {
        StringBuilder b = new StringBuilder("ideal bound: costs per frame");
        for (int i = 0; i < costs.size(); i++) {
            b.append(String.format(Locale.ROOT, " %s %.2f ms%s,", names.get(i), costs.get(i) / 1e6,
                    replicas.get(i) > 1 ? " (x" + replicas.get(i) + ")" : ""));
        }
        b.setLength(b.length() - 1);
        b.append(String.format(Locale.ROOT, "; sum %.2f ms; min(%d / sum, min r/c) = %.1f FPS = %.2fx one thread", totalNanos() / 1e6,
                cores, fps(), speedup()));
        return b.toString();
    }
}
