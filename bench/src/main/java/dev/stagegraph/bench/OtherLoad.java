package dev.stagegraph.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How many cores other processes kept busy during a measurement: the machine's busy time from
 * {@code /proc/stat} minus this JVM's CPU time, over the wall time. On a shared machine a parallel
 * run can only use the cores left over, which this says. {@code NaN} where {@code /proc/stat} is
 * missing.
 */
final class OtherLoad {
    /** Linux reports {@code /proc/stat} in USER_HZ ticks, 100 a second on every mainstream kernel. */
    private static final double NANOS_PER_TICK = 1e9 / 100;
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final long machineBusyTicks;
    private final long processCpuNanos;
    private final long wallNanos;

    private OtherLoad() {
        this.machineBusyTicks = machineBusyTicks();
        this.processCpuNanos = OS.getProcessCpuTime();
        this.wallNanos = System.nanoTime();
    }

    /** Starts measuring. */
    static OtherLoad start() {
        return new OtherLoad();
    }

    /** Cores other processes used on average since {@link #start()}. */
    double coresSinceStart() {
        return coresSinceStart(0);
    }

    /**
     * Cores other processes used on average since {@link #start()}, not counting
     * {@code ownChildrenCpuNanos} of CPU time that child JVMs of this one used meanwhile.
     */
    double coresSinceStart(long ownChildrenCpuNanos) {
        long busy = machineBusyTicks();
        if (busy < 0 || machineBusyTicks < 0) {
            return Double.NaN;
        }
        double machineNanos = (busy - machineBusyTicks) * NANOS_PER_TICK;
        double ours = OS.getProcessCpuTime() - processCpuNanos + ownChildrenCpuNanos;
        return Math.max(0, (machineNanos - ours) / (System.nanoTime() - wallNanos));
    }

    /** This JVM's CPU time so far, in nanoseconds. */
    static long processCpuNanos() {
        return OS.getProcessCpuTime();
    }

    /** user + nice + system + irq + softirq + steal ticks of all CPUs, or -1. */
    private static long machineBusyTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                busy += i < f.length ? Long.parseLong(f[i]) : 0;
            }
            return busy;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
