package dev.stagegraph.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** The machine and JVM a run measured, for the JSON's {@code "machine"} object. */
final class Machine {
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private Machine() {}

    static JsonOut describe() {
        return new JsonOut()
                .put("cores", Runtime.getRuntime().availableProcessors())
                .put("cpu", cpuModel())
                .put("memoryBytes", OS.getTotalMemorySize())
                .put("jdk", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version"))
                .put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"))
                .put("loadAverageAtStart", loadAverage())
                .put("date", Instant.now().toString());
    }

    /** The one-minute load average: on a shared machine, how many other runnable threads competed. */
    static double loadAverage() {
        return OS.getSystemLoadAverage();
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            return System.getProperty("os.arch");
        }
        return System.getProperty("os.arch");
    }
}
