package dev.stagegraph.runtime;

import dev.stagegraph.Pipeline;
import dev.stagegraph.PipelineFailedException;
import dev.stagegraph.report.RunReport;
import dev.stagegraph.report.SourceReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a sequential run's report in each of the three ways a run ends: it ran (and its thread
 * finished it), it was aborted while its thread ignored interrupts (the report is built without
 * that thread), or it never started. Also hands an unfinished frame to the sink and releases the
 * frame objects the run still holds. Called under the execution's lock, by one thread at a time.
 */
final class SequentialReports<S> {
    private static final String MODE = "sequential";
    private static final String THREADS = "1 (the caller's)";

    private final Pipeline<S, ?> pipeline;
    private final SequentialPlan plan;
    private final SequentialFrames<S> frames;
    private final Delivery<S, ?> delivery;
    private final Slot slot;
    private final SequentialControl control;
    private final Watchdog watchdog;
    private final TraceRecorder trace;

    /** The report, once built. */
    RunReport report;
    /** The run's failure, or {@code null}. */
    PipelineFailedException failure;
    /** The frames the run took and left unfinished. */
    List<S> unfinished = List.of();

    SequentialReports(Pipeline<S, ?> pipeline, SequentialPlan plan, SequentialFrames<S> frames, Delivery<S, ?> delivery, Slot slot,
            SequentialControl control, Watchdog watchdog, TraceRecorder trace) {
        this.pipeline = pipeline;
        this.plan = plan;
        this.frames = frames;
        this.delivery = delivery;
        this.slot = slot;
        this.control = control;
        this.watchdog = watchdog;
        this.trace = trace;
    }

    /**
     * The running thread finished the run: hands the frame left in flight (if any) to the sink as
     * failed or aborted, releases what the run holds, and builds the report, unless abort already
     * built one without this thread.
     */
    @SuppressWarnings("unchecked")
    void finish(boolean frameInFlight, long openNanos, long wall, List<Throwable> closeErrors) {
        if (report != null) {
            return; // abort gave up on this thread and reported the run already
        }
        long aborted = 0;
        Object kept = null;
        if (frameInFlight && delivery.deliverUnfinished(slot, true, control.otherErrors::add)) {
            aborted = 1;
            kept = slot.input;
            unfinished = List.of((S) kept);
        }
        frames.releaseHeld(kept, control.otherErrors);
        Map<String, String> notes = new LinkedHashMap<>();
        notes.put("threads", THREADS);
        Reports.Counts counts = new Reports.Counts(frames.framesIn(), delivery.completed(), delivery.failed(), 0, aborted);
        List<String> warnings = new ArrayList<>(watchdog.incidents());
        if (trace != null) {
            try {
                trace.write(pipeline.stages(), (stage, replica) -> 1, List.of("source", Thread.currentThread().getName(), "sink"));
            } catch (java.io.IOException e) {
                warnings.add("the trace could not be written to " + trace.file() + ": " + e);
            }
        }
        report = Reports.build(pipeline, MODE, plan.workers, frames.sourceTimer, delivery.sinkTimer(), counts, openNanos, wall,
                delivery.endToEnd(), delivery.firstFailures(), notes, warnings, sourceReports(wall));
        failure = Reports.failure(control.fatal(), control.otherErrors, closeErrors, report);
    }

    /** The running thread ignored the interrupt: the frame in flight is aborted, the instances stay with that thread. */
    @SuppressWarnings("unchecked")
    void withoutTheRunningThread() {
        Thread running = control.runningThread;
        long in = frames.framesIn();
        long completed = delivery.completed();
        long failedFrames = delivery.failed();
        long aborted = Math.max(0, in - completed - failedFrames);
        Object inFlight = slot.input;
        if (aborted > 0 && inFlight != null) {
            unfinished = List.of((S) inFlight);
        }
        List<String> warnings = new ArrayList<>(watchdog.incidents());
        warnings.add("thread " + (running == null ? "?" : running.getName()) + " (the run's thread) ignored interrupts and is still"
                + " running; it closes the instances if it returns" + (running == null ? "" : ", at:" + Watchdog.stack(running.getStackTrace())));
        report = Reports.build(pipeline, MODE, plan.workers, frames.sourceTimer, delivery.sinkTimer(),
                new Reports.Counts(in, completed, failedFrames, 0, aborted), 0, 0, delivery.endToEnd(),
                List.copyOf(delivery.firstFailures()), Map.of("threads", THREADS), warnings, sourceReports(0));
        failure = null;
    }

    /** Nobody started the run: nothing opened, nothing to close. */
    void unstarted() {
        report = Reports.build(pipeline, MODE, plan.workers, frames.sourceTimer, delivery.sinkTimer(), new Reports.Counts(0, 0, 0, 0, 0),
                0, 0, delivery.endToEnd(), List.of(), Map.of(), List.of(), sourceReports(0));
    }

    /** One report per source; the sequential runner drops nothing. */
    private List<SourceReport> sourceReports(long wallNanos) {
        return delivery.sourceReports(frames.names, frames.takenBy(), new long[frames.names.length], wallNanos);
    }
}
