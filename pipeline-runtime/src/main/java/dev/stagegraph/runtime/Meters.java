package dev.stagegraph.runtime;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.ToDoubleFunction;

/**
 * A run's Micrometer meters. Every meter reads counters the runtime keeps anyway (function
 * counters, function timers and gauges), so metering adds nothing to the per-frame path.
 * Registered when the run starts, removed when its execution is closed; the execution holds this
 * object, which holds every meter's state. Every meter carries a {@code run} tag, a number unique
 * to the run in this JVM, so two runs of one pipeline on one registry have meters of their own and
 * closing one leaves the other's.
 *
 * <ul>
 *   <li>{@code stagegraph.stage.process} (timer; tags pipeline, mode, run, stage, replica): calls and
 *       time inside {@code process};
 *   <li>{@code stagegraph.stage.batch.size} (function counters, tag unit: batches, frames; batch
 *       stages): calls and the frames they took, whose ratio is the mean batch size;
 *   <li>{@code stagegraph.stage.batch.wait} (timer; batch stages): per call, how long its first frame
 *       waited for the batch to fill, the latency batching adds (percentiles are in the report);
 *   <li>{@code stagegraph.stage.backlog} (gauge, frames; parallel runner): frames ready for a stage
 *       instance that it has not passed yet;
 *   <li>{@code stagegraph.frames} (counter, frames; tag outcome: in, completed, failed, dropped):
 *       frames by outcome (aborted frames are counted in the report when the run ends);
 *   <li>{@code stagegraph.source.frames} (counter, frames; both runners; tags run, source, outcome:
 *       in, dropped): each source's frames taken and dropped, so several cameras never share one;
 *   <li>{@code stagegraph.ring.occupancy} (gauge, frames; parallel runner): frames between the
 *       source and the sink;
 *   <li>{@code stagegraph.frame.latency} (timer; tags pipeline, mode, run): end to end, from the source
 *       to the sink.
 * </ul>
 */
final class Meters {
    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();
    /** Micrometer holds a meter's state object weakly: the suppliers made here must stay reachable with the run. */
    private final List<Object> states = new ArrayList<>();
    private Tags run;

    private Meters(MeterRegistry registry) {
        this.registry = registry;
    }

    static Meters bind(MeterRegistry registry, String pipeline, String mode, RunId runId, StageWorker[][] workers, Delivery<?, ?> delivery,
            DoubleSupplier framesIn, DoubleSupplier dropped, DoubleSupplier occupancy, ToDoubleFunction<StageWorker> backlog) {
        Meters m = new Meters(registry);
        Tags run = Tags.of("pipeline", pipeline, "mode", mode, "run", runId.toString());
        m.run = run;
        for (StageWorker[] replicas : workers) {
            for (StageWorker w : replicas) {
                Tags tags = run.and("stage", w.node.name(), "replica", Integer.toString(w.replica));
                m.add(FunctionTimer.builder("stagegraph.stage.process", w, StageWorker::calls, StageWorker::busyNanos,
                        TimeUnit.NANOSECONDS).tags(tags).description("Calls of a stage instance's process and the time inside it")
                        .register(registry));
                if (w.batch != null) {
                    m.batch(tags, w.batch.stats);
                }
                if (backlog != null) {
                    m.add(Gauge.builder("stagegraph.stage.backlog", w, backlog).tags(tags).baseUnit("frames")
                            .description("Frames ready for a stage instance that it has not passed yet").register(registry));
                }
            }
        }
        m.counter(run, "in", framesIn);
        m.counter(run, "completed", delivery::completed);
        m.counter(run, "failed", delivery::failed);
        m.counter(run, "dropped", dropped);
        if (occupancy != null) {
            m.states.add(occupancy);
            m.add(Gauge.builder("stagegraph.ring.occupancy", occupancy, DoubleSupplier::getAsDouble).tags(run).baseUnit("frames")
                    .description("Frames between the source and the sink").register(registry));
        }
        m.add(FunctionTimer.builder("stagegraph.frame.latency", delivery, Delivery::timedFrames, Delivery::latencyTotalNanos,
                TimeUnit.NANOSECONDS).tags(run).description("End-to-end latency of a frame, from the source to the sink")
                .register(registry));
        return m;
    }

    private void batch(Tags tags, BatchStats stats) {
        add(FunctionCounter.builder("stagegraph.stage.batch.size", stats, BatchStats::batches).tags(tags).tag("unit", "batches")
                .baseUnit("batches").description("Calls of a batch stage instance").register(registry));
        add(FunctionCounter.builder("stagegraph.stage.batch.size", stats, BatchStats::frames).tags(tags).tag("unit", "frames")
                .baseUnit("frames").description("Frames the calls of a batch stage instance took").register(registry));
        add(FunctionTimer.builder("stagegraph.stage.batch.wait", stats, s -> (long) s.batches(), BatchStats::waitNanos,
                TimeUnit.NANOSECONDS).tags(tags).description("How long a batch's first frame waited for the batch to fill")
                .register(registry));
    }

    /** Adds one source's counters, tagged with its name and the run. */
    void source(String name, DoubleSupplier in, DoubleSupplier dropped) {
        for (Object[] kind : new Object[][] {{"in", in}, {"dropped", dropped}}) {
            DoubleSupplier value = (DoubleSupplier) kind[1];
            states.add(value);
            add(FunctionCounter.builder("stagegraph.source.frames", value, DoubleSupplier::getAsDouble).tags(run).tag("source", name)
                    .tag("outcome", (String) kind[0]).baseUnit("frames").description("Frames of one source by outcome").register(registry));
        }
    }

    private void counter(Tags run, String outcome, DoubleSupplier value) {
        states.add(value);
        add(FunctionCounter.builder("stagegraph.frames", value, DoubleSupplier::getAsDouble).tags(run).tag("outcome", outcome)
                .baseUnit("frames").description("Frames by outcome").register(registry));
    }

    private void add(Meter meter) {
        meters.add(meter);
    }

    void remove() {
        meters.forEach(registry::remove);
        meters.clear();
    }
}
