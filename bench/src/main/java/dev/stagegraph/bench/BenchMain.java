package dev.stagegraph.bench;

import java.util.Arrays;

/**
 * The bench jar's entry point. {@code java -jar bench.jar [JMH options]} runs the JMH suite (every
 * option passes through to JMH, e.g. {@code -prof gc}, {@code -f 1}, a benchmark regex);
 * {@code java -jar bench.jar quick [--json FILE]} runs the quick comparison.
 */
public final class BenchMain {
    private BenchMain() {}

    /**
     * Runs the JMH suite or the quick comparison.
     *
     * @param args {@code quick [--json FILE]}, or JMH's own options
     * @throws Exception if a benchmark fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("quick")) {
            System.exit(Quick.main(Arrays.copyOfRange(args, 1, args.length)));
        }
        org.openjdk.jmh.Main.main(args);
    }
}
