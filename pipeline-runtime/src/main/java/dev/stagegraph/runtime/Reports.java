package dev.stagegraph.runtime;

import dev.stagegraph.FrameFailure;
import dev.stagegraph.Pipeline;
import dev.stagegraph.ReplicaReport;
import dev.stagegraph.RunReport;
import dev.stagegraph.StageReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** Builds a {@link RunReport} from what the workers and the delivery counted. */
final class Reports {
    private Reports() {}

    /** The frame counts of a run. */
    record Counts(long framesIn, long completed, long failed, long dropped, long aborted) {}

    static RunReport build(Pipeline<?, ?> pipeline, String mode, StageWorker[][] workers, Counts counts, long openNanos,
            long wallNanos, LatencyRecorder endToEnd, List<FrameFailure> failures, Map<String, String> notes,
            List<String> warnings) {
        List<StageReport> stages = new ArrayList<>(workers.length);
        for (StageWorker[] replicas : workers) {
            Histogram total = LatencyRecorder.newTotal();
            Histogram waits = LatencyRecorder.newTotal();
            List<ReplicaReport> perReplica = new ArrayList<>(replicas.length);
            long calls = 0;
            long busy = 0;
            long cpu = 0;
            long open = 0;
            Class<?> type = null;
            for (StageWorker w : replicas) {
                ReplicaReport r = w.report();
                perReplica.add(r);
                calls += r.calls();
                busy += r.busyNanos();
                cpu += w.cpuNanos();
                open = Math.max(open, r.openNanos());
                w.latency().addTo(total);
                w.queueWait().addTo(waits);
                type = type != null ? type : w.outputType;
            }
            stages.add(new StageReport(replicas[0].node.name(), replicas.length, calls, busy, cpu, open,
                    LatencyRecorder.summary(total), LatencyRecorder.summary(waits), type == null ? "?" : type.getSimpleName(),
                    perReplica));
        }
        return new RunReport(pipeline.name(), mode, Runtime.getRuntime().availableProcessors(), counts.framesIn(), counts.completed(), counts.failed(), counts.dropped(),
                counts.aborted(), openNanos, wallNanos, stages, endToEnd.summary(), failures, notes, warnings);
    }
}
