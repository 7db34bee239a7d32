package dev.stagegraph.bench;

import java.util.Arrays;

/**
 * The bench jar's entry point. {@code java -jar bench.jar [JMH options]} runs the JMH suite (every
 * option passes through to JMH, e.g. {@code -prof gc}, {@code -f 1}, a benchmark regex);
 * {@code java -jar bench.jar quick [--json FILE] [--cameras-only]} runs the quick comparison (or only its
 * {@code cameras-N} part); {@code java -jar bench.jar batched-dnn} runs only its {@code batched-dnn} section;
 * {@code java -cp bench.jar:$(cat flink.classpath) dev.stagegraph.bench.BenchMain flink-sleep-diamond [--frames N]}
 * compares the Flink runner with the parallel runner (Flink is not inside bench.jar), and
 * {@code ... BenchMain flink-cameras-4 [--frames N]} does so on the camera pipeline over 4 cameras.
 */
public final class BenchMain {
    /** The internal sub-command that runs one competitor of the quick no-op comparison in a child JVM. */
    static final String NOOP_CHILD = "quick-noop-child";

    private BenchMain() {}

    /**
     * Runs the JMH suite or the quick comparison.
     *
     * @param args {@code quick [--json FILE] [--cameras-only]}, {@code batched-dnn}, {@code flink-sleep-diamond [--frames N]},
     *     {@code flink-cameras-4 [--frames N]}, or JMH's own options
     * @throws Exception if a benchmark fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("quick")) {
            System.exit(Quick.main(Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length > 0 && args[0].equals("batched-dnn")) {
            Section s = BatchedDnn.run();
            s.rows().forEach(System.out::println);
            System.out.println(s.json());
            return;
        }
        if (args.length > 0 && args[0].equals("flink-sleep-diamond")) {
            System.exit(FlinkSleepDiamond.main(Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length > 0 && args[0].equals("flink-cameras-4")) {
            System.exit(FlinkCameras.main(Arrays.copyOfRange(args, 1, args.length)));
        }
        if (args.length == 2 && args[0].equals(NOOP_CHILD)) {
            NoopComparison.child(args[1]);
            return;
        }
        org.openjdk.jmh.Main.main(args);
    }
}
