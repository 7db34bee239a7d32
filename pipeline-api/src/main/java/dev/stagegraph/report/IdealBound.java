package dev.stagegraph.report;

import java.util.List;
import java.util.Locale;

/**
 * The best frame rate a stage graph can reach on a machine, from its stages' measured costs:
 * {@code FPS_ideal = min(P / sum(u_i), min_i(r_i / c_i))}, where {@code c_i} is stage i's time
 * per frame, {@code u_i} the CPU part of it, {@code r_i} its replicas and {@code P} the cores. A
 * stage that waits (sleep, I/O) has {@code u_i} near 0 and adds no core term; a stage that computes
 * has {@code u_i} near {@code c_i}. Costs are taken per frame that went through the graph, so a
 * stage that skipped frames costs less per frame. Immutable.
 *
 * @param cores the cores available, P
 * @param coreBoundFps {@code P / sum(u_i)}, or infinity when the stages do not compute
 * @param stageBoundFps {@code min(r_i / c_i)}, the bound of the slowest stage for its replicas
 * @param bottleneck the stage that sets {@code stageBoundFps}
 */
public record IdealBound(int cores, double coreBoundFps, double stageBoundFps, String bottleneck) {

    /**
     * Computes the bound for a run's stage costs, with each stage at its replica count.
     *
     * @param stages the run's stage reports
     * @param frames the frames that went through the graph
     * @param cores the cores available
     * @return the bound; zero FPS when nothing was timed
     */
    public static IdealBound of(List<StageReport> stages, long frames, int cores) {
        return of(stages, frames, cores, null, 0);
    }

    /**
     * Computes the bound as if {@code stage} ran {@code replicas} instances.
     *
     * @param stages the run's stage reports
     * @param frames the frames that went through the graph
     * @param cores the cores available
     * @param stage the stage to re-size, or {@code null}
     * @param replicas its replica count in the what-if
     * @return the bound
     */
    public static IdealBound of(List<StageReport> stages, long frames, int cores, String stage, int replicas) {
        double cpuPerFrame = 0;
        double stageBound = Double.POSITIVE_INFINITY;
        String slowest = stages.isEmpty() ? "" : stages.get(0).name();
        for (StageReport s : stages) {
            if (frames == 0 || s.busyNanos() == 0) {
                continue;
            }
            cpuPerFrame += (double) s.cpuNanos() / frames;
            int r = s.name().equals(stage) ? replicas : s.replicas();
            double bound = r * 1e9 * frames / s.busyNanos();
            if (bound < stageBound) {
                stageBound = bound;
                slowest = s.name();
            }
        }
        double coreBound = cpuPerFrame > 0 ? cores * 1e9 / cpuPerFrame : Double.POSITIVE_INFINITY;
        return new IdealBound(cores, coreBound, stageBound == Double.POSITIVE_INFINITY ? 0 : stageBound, slowest);
    }

    /**
     * The ideal frame rate: the lower of the two bounds.
     *
     * @return frames per second
     */
    public double fps() {
        return Math.min(coreBoundFps, stageBoundFps);
    }

    /**
     * Whether the cores, not a stage, limit the rate: replicas cannot help then.
     *
     * @return {@code true} when the core bound is the lower one
     */
    public boolean coreBound() {
        return coreBoundFps < stageBoundFps;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%.1f FPS (%s)", fps(),
                coreBound() ? "the " + cores + " cores" : "stage '" + bottleneck + "'");
    }
}
