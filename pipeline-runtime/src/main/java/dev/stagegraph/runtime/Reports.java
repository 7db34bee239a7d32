package dev.stagegraph.runtime;

import dev.stagegraph.Pipeline;
import dev.stagegraph.PipelineFailedException;
import dev.stagegraph.report.FrameFailure;
import dev.stagegraph.report.ReplicaReport;
import dev.stagegraph.report.RunReport;
import dev.stagegraph.report.StageReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** Builds a {@link RunReport} from what the workers and the delivery counted. */
final class Reports {
    private Reports() {}

    /** The frame counts of a run. */
    record Counts(long framesIn, long completed, long failed, long dropped, long aborted) {}

    /**
     * The error a run ends with, or {@code null}: the fatal failure with every other error
     * suppressed, or, when the frames all went through, the first error met while closing.
     */
    static PipelineFailedException failure(FrameFailure fatal, List<Throwable> others, List<Throwable> closeErrors,
            RunReport report) {
        List<Throwable> all = new ArrayList<>(closeErrors);
        all.addAll(others);
        PipelineFailedException failure;
        if (fatal != null) {
            failure = new PipelineFailedException(message(fatal), fatal, report);
        } else if (!all.isEmpty()) {
            Throwable first = all.remove(0);
            failure = new PipelineFailedException("the run completed but " + first.getMessage(), new FrameFailure("close", 0, -1, first),
                    report);
        } else {
            return null;
        }
        all.forEach(failure::addSuppressed);
        return failure;
    }

    static String message(FrameFailure f) {
        if (f.frame() < 0) {
            return (f.stage().equals("source") ? "the source" : "stage '" + f.stage() + "' (replica " + f.replica() + ")")
                    + " failed to open: " + f.cause();
        }
        return f.describe();
    }

    static RunReport build(Pipeline<?, ?> pipeline, String mode, StageWorker[][] workers, EndTimer source, EndTimer sink,
            Counts counts, long openNanos, long wallNanos, LatencyRecorder endToEnd, List<FrameFailure> failures, Map<String, String> notes,
            List<String> warnings, List<dev.stagegraph.report.SourceReport> sources) {
        List<StageReport> stages = new ArrayList<>(workers.length);
        for (StageWorker[] replicas : workers) {
            Histogram total = LatencyRecorder.newTotal();
            Histogram waits = LatencyRecorder.newTotal();
            List<ReplicaReport> perReplica = new ArrayList<>(replicas.length);
            long calls = 0;
            long skipped = 0;
            long busy = 0;
            long cpu = 0;
            long open = 0;
            Class<?> type = null;
            List<BatchStats> batches = new ArrayList<>(replicas.length);
            for (StageWorker w : replicas) {
                if (w.batch != null) {
                    batches.add(w.batch.stats);
                }
                ReplicaReport r = w.report();
                perReplica.add(r);
                calls += r.calls();
                skipped += w.skipped();
                busy += r.busyNanos();
                cpu += w.cpuNanos();
                open = Math.max(open, r.openNanos());
                w.latency().addTo(total);
                w.queueWait().addTo(waits);
                type = type != null ? type : w.outputType;
            }
            stages.add(new StageReport(replicas[0].node.name(), replicas.length, replicas[0].node.ordered(), calls, busy, cpu, open,
                    LatencyRecorder.summary(total), LatencyRecorder.summary(waits), type == null ? "?" : type.getSimpleName(),
                    perReplica, skipped, batches.isEmpty() ? null
                            : BatchStats.report(replicas[0].node.maxBatch(), replicas[0].node.maxDelay().toNanos(), batches)));
        }
        return new RunReport(pipeline.name(), mode, Runtime.getRuntime().availableProcessors(), counts.framesIn(), counts.completed(), counts.failed(), counts.dropped(),
                counts.aborted(), openNanos, wallNanos, stages, source.report(), sink.report(), endToEnd.summary(), failures, notes, warnings,
                sources);
    }
}
