package dev.stagegraph.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Finding, measuring and joining the threads of a competitor. */
final class Threads {
    private static final com.sun.management.ThreadMXBean MX =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private Threads() {}

    /** The live threads whose name starts with {@code prefix}, by name. */
    static List<Thread> named(String prefix) {
        List<Thread> found = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith(prefix)) {
                found.add(t);
            }
        }
        found.sort(Comparator.comparing(Thread::getName));
        return found;
    }

    /** Bytes allocated so far by these threads (ended threads count 0). */
    static long allocatedBytes(List<Thread> threads) {
        long sum = 0;
        for (Thread t : threads) {
            sum += Math.max(0, MX.getThreadAllocatedBytes(t.getId()));
        }
        return sum;
    }

    /** CPU time so far of these threads, in nanoseconds (ended threads count 0). */
    static long cpuNanos(List<Thread> threads) {
        long sum = 0;
        for (Thread t : threads) {
            sum += Math.max(0, MX.getThreadCpuTime(t.getId()));
        }
        return sum;
    }

    /**
     * Waits for every thread to end.
     *
     * @throws IllegalStateException if the caller is interrupted; its interrupt status is set again
     */
    static void joinAll(List<Thread> threads) {
        try {
            for (Thread t : threads) {
                t.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while joining " + threads, e);
        }
    }
}
