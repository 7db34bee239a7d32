package dev.stagegraph.runtime;

import dev.stagegraph.report.StageTimeoutException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Watches a run from its own thread: times out {@code process} calls that exceed their stage's
 * limit (see {@link #timeOutIfOverdue}), and reports a stall: no frame delivered for the
 * stall timeout while frames wait, naming what everything waits on. It only observes and reports;
 * the error policies act on a timeout. Each incident is logged as a warning and kept for the report.
 */
final class Watchdog implements Runnable {
    private static final System.Logger LOG = System.getLogger("dev.stagegraph.runtime");
    private static final int STACK_LINES = 12;

    private final List<StageWorker> limited;
    private final long stallNanos;
    private final LongSupplier delivered;
    private final LongSupplier waiting;
    private final Supplier<String> culprit;
    private final long tickNanos;
    private final List<String> incidents = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean stopped;
    private volatile Thread thread;

    /**
     * @param workers every worker; those with a time limit are watched for it
     * @param stallNanos report a stall after this long without delivery, 0 for never
     * @param delivered how many frames were delivered so far (read racily, it only has to move)
     * @param waiting how many frames wait between the source and the sink
     * @param culprit describes what the stalled pipeline waits on
     */
    Watchdog(List<StageWorker> workers, long stallNanos, LongSupplier delivered, LongSupplier waiting,
            Supplier<String> culprit) {
        this.limited = workers.stream().filter(w -> w.node.timeLimit() != null).toList();
        this.stallNanos = stallNanos;
        this.delivered = delivered;
        this.waiting = waiting;
        this.culprit = culprit;
        long tick = stallNanos > 0 ? stallNanos / 4 : Long.MAX_VALUE;
        for (StageWorker w : limited) {
            tick = Math.min(tick, w.node.timeLimit().toNanos() / 4);
        }
        this.tickNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(1), Math.min(tick, TimeUnit.SECONDS.toNanos(1)));
    }

    /** Whether there is anything to watch. */
    boolean needed() {
        return !limited.isEmpty() || stallNanos > 0;
    }

    @Override
    public void run() {
        thread = Thread.currentThread();
        long lastDelivered = delivered.getAsLong();
        long lastProgress = System.nanoTime();
        boolean stallReported = false;
        while (!stopped) {
            LockSupport.parkNanos(this, tickNanos);
            long now = System.nanoTime();
            for (StageWorker w : limited) {
                timeOutIfOverdue(w, now);
            }
            if (stallNanos == 0) {
                continue;
            }
            long d = delivered.getAsLong();
            if (d != lastDelivered) {
                lastDelivered = d;
                lastProgress = now;
                stallReported = false;
            } else if (!stallReported && waiting.getAsLong() > 0 && now - lastProgress > stallNanos && !stopped) {
                stallReported = true;
                report(String.format(Locale.ROOT, "stall: no frame delivered for %.1f s while %d wait; %s", (now - lastProgress) / 1e9,
                        waiting.getAsLong(), culprit.get()));
            }
        }
    }

    void stop() {
        stopped = true;
        LockSupport.unpark(thread);
    }

    List<String> incidents() {
        synchronized (incidents) {
            return List.copyOf(incidents);
        }
    }

    private void report(String incident) {
        incidents.add(incident);
        LOG.log(System.Logger.Level.WARNING, incident);
    }

    /** The top of a thread's stack, one frame per line. */
    static String stack(StackTraceElement[] frames) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(STACK_LINES, frames.length); i++) {
            b.append(System.lineSeparator()).append("    at ").append(frames[i]);
        }
        if (frames.length > STACK_LINES) {
            b.append(System.lineSeparator()).append("    ... ").append(frames.length - STACK_LINES).append(" more");
        }
        return b.toString();
    }

    /**
     * If {@code w} has been in {@code process} on one frame for longer than its limit, claims the
     * frame as timed out, reports the incident, hands the
     * frame the exception and interrupts its thread. The incident is kept before the stage's thread
     * hears of the time-out, so a run that ends right after it still has it in its report.
     */
    private void timeOutIfOverdue(StageWorker w, long now) {
        long frame = w.limit.claimIfOverdue(now);
        if (frame == TimeLimit.IDLE) {
            return;
        }
        Thread t = w.thread;
        StageTimeoutException e = new StageTimeoutException(String.format(Locale.ROOT,
                "%s exceeded its time limit of %s on frame %d: in process for %.1f ms (thread %s)", w.describe(), w.node.timeLimit(),
                frame, w.limit.runningNanos(now) / 1e6, t.getName()), t.getStackTrace());
        w.errors.timedOut(frame, e);
        report(e.getMessage() + "; stack:" + stack(e.getStackTrace()));
        w.limit.deliver(e, t);
    }
}
