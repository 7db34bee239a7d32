package dev.stagegraph.samples;

import dev.stagegraph.Execution;
import dev.stagegraph.report.Progress;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A one-line console progress display for a running execution, redrawn four times a second on
 * standard error: a bar with frames done of the total, the current FPS and the time left when the
 * source's length is known, else a live FPS line; dropped and failed counts when there are any.
 * Written here rather than taken from a library because it needs twenty lines and the
 * execution's own counters, and must stay silent when output is not a terminal.
 */
public final class ProgressLine implements AutoCloseable {
    private static final long PERIOD_MILLIS = 250;
    private static final int WIDTH = 30;

    private final Execution<?> run;
    private final String label;
    private final PrintStream out;
    private final Thread painter;
    private volatile boolean stopped;

    private ProgressLine(Execution<?> run, String label, PrintStream out) {
        this.run = run;
        this.label = label;
        this.out = out;
        this.painter = new Thread(this::paintLoop, "progress-" + label);
        this.painter.setDaemon(true);
    }

    /**
     * Starts drawing, unless {@code quiet} or the JVM has no console (output piped or redirected).
     *
     * @param run the execution to watch
     * @param label a short name shown before the bar
     * @param quiet {@code true} to draw nothing
     * @return the display; close it when the run is over
     */
    public static ProgressLine start(Execution<?> run, String label, boolean quiet) {
        ProgressLine line = new ProgressLine(run, label, System.err);
        if (!quiet && System.console() != null) {
            line.painter.start();
        }
        return line;
    }

    private void paintLoop() {
        long startNanos = System.nanoTime();
        long lastDone = 0;
        long lastNanos = startNanos;
        double fps = 0;
        while (!stopped) {
            try {
                TimeUnit.MILLISECONDS.sleep(PERIOD_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            Progress p = run.progress();
            long now = System.nanoTime();
            double instant = (p.done() - lastDone) * 1e9 / Math.max(1, now - lastNanos);
            fps = lastDone == 0 ? instant : 0.7 * fps + 0.3 * instant;
            lastDone = p.done();
            lastNanos = now;
            out.print("\r" + render(p, fps) + "   ");
            out.flush();
        }
    }

    /**
     * The line for a progress snapshot.
     *
     * @param p the counts
     * @param fps the current frame rate
     * @return the line, without a line break
     */
    String render(Progress p, double fps) {
        StringBuilder b = new StringBuilder(label).append(' ');
        if (p.expected() > 0) {
            int filled = (int) Math.min(WIDTH, WIDTH * p.done() / p.expected());
            b.append('[').append("=".repeat(filled)).append(filled < WIDTH ? ">" : "").append(" ".repeat(Math.max(0, WIDTH - filled - 1)))
                    .append("] ").append(p.done()).append('/').append(p.expected());
            double eta = fps > 0 ? (p.expected() - p.done()) / fps : Double.NaN;
            b.append(String.format(Locale.ROOT, "  %.1f FPS  ETA %s", fps, Double.isNaN(eta) ? "?" : Math.round(eta) + " s"));
        } else {
            b.append(p.done()).append(String.format(Locale.ROOT, " frames  %.1f FPS", fps));
        }
        if (p.dropped() > 0) {
            b.append("  dropped ").append(p.dropped());
        }
        if (p.failed() > 0) {
            b.append("  failed ").append(p.failed());
        }
        return b.toString();
    }

    /** Stops drawing and clears the line. */
    @Override
    public void close() {
        stopped = true;
        if (painter.isAlive()) {
            painter.interrupt();
            try {
                painter.join(TimeUnit.SECONDS.toMillis(1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            out.print("\r" + " ".repeat(WIDTH + 60) + "\r");
            out.flush();
        }
    }
}
