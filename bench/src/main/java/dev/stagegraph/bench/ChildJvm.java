package dev.stagegraph.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The camera sample ({@code samples camera ...}) in a child JVM of this one, as a user runs it,
 * watched from here: its peak resident memory ({@code VmHWM} of {@code /proc/PID/status}, the
 * kernel's high-water mark, so the last reading before the process exits holds the peak up to
 * then) and its CPU time ({@code utime + stime} of {@code /proc/PID/stat}), both read every
 * {@value #POLL_MILLIS} ms by {@link #awaitAll}. Its output goes to a temporary file, shown when it
 * fails. Used by one thread.
 */
final class ChildJvm {
    static final long POLL_MILLIS = 20;
    private static final double NANOS_PER_TICK = 1e9 / 100;

    private final Process process;
    private final Path log;
    private final long startNanos = System.nanoTime();
    private long endNanos;
    private long peakRssBytes;
    private long cpuNanos;

    private ChildJvm(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code samples camera ARGS} on this JVM's class path.
     *
     * @param args the camera sample's flags
     * @return the running child
     * @throws IOException if it cannot start
     */
    static ChildJvm camera(List<String> args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "dev.stagegraph.samples.Main", "camera"));
        command.addAll(args);
        Path log = Files.createTempFile("cameras-child", ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new ChildJvm(p, log);
    }

    /**
     * Waits for every child to exit, reading their memory and CPU time meanwhile; destroys them all
     * and throws if one runs longer than {@code timeout} or exits with a status other than 0.
     *
     * @param children the children, started just before
     * @param timeout how long all of them may take
     * @throws InterruptedException if interrupted
     * @throws IllegalStateException naming the child that failed, with the end of its output
     */
    static void awaitAll(List<ChildJvm> children, Duration timeout) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            boolean running = true;
            while (running) {
                running = false;
                for (ChildJvm c : children) {
                    if (c.endNanos == 0) {
                        c.poll();
                        if (c.process.isAlive()) {
                            running = true;
                        } else {
                            c.endNanos = System.nanoTime();
                        }
                    }
                }
                if (running && System.nanoTime() > deadline) {
                    throw new IllegalStateException("the camera sample did not finish within " + timeout.toSeconds() + " s");
                }
                if (running) {
                    Thread.sleep(POLL_MILLIS);
                }
            }
            for (ChildJvm c : children) {
                if (c.process.exitValue() != 0) {
                    List<String> lines = Files.readAllLines(c.log, StandardCharsets.UTF_8);
                    throw new IllegalStateException("the camera sample exited with " + c.process.exitValue() + ": "
                            + String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size())));
                }
            }
        } finally {
            for (ChildJvm c : children) {
                c.process.destroyForcibly();
                Files.deleteIfExists(c.log);
            }
        }
    }

    /** Reads the child's memory high-water mark and CPU time, if it is still there. */
    private void poll() {
        long pid = process.pid();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("VmHWM:")) {
                    peakRssBytes = Math.max(peakRssBytes, 1024 * Long.parseLong(line.replaceAll("[^0-9]", "")));
                }
            }
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"), StandardCharsets.US_ASCII);
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            cpuNanos = Math.max(cpuNanos, (long) ((Long.parseLong(f[11]) + Long.parseLong(f[12])) * NANOS_PER_TICK));
        } catch (IOException | RuntimeException e) {
            // the process exited between the check and the read: the previous reading stands
        }
    }

    /** The peak resident memory seen, in bytes. */
    long peakRssBytes() {
        return peakRssBytes;
    }

    /** The CPU time seen, in nanoseconds. */
    long cpuNanos() {
        return cpuNanos;
    }

    /** From the start to the moment its exit was seen. */
    double lifeSeconds() {
        return (endNanos - startNanos) / 1e9;
    }
}
