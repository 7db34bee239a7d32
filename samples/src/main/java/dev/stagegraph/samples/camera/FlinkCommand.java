package dev.stagegraph.samples.camera;

import dev.stagegraph.samples.Flags;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code camera --runner local|flink}: checks what a Flink run accepts and that Flink is there, then
 * hands over to {@link FlinkCamera}. samples.jar does not contain Flink: the build copies its jars
 * to {@code samples/target/flink-libs/} and the jar's manifest names them there, so
 * {@code java -jar samples.jar} finds them only while that folder is beside the jar. This class
 * refers to no Flink type, so it loads without Flink and can say what to do.
 */
final class FlinkCommand {
    private static final String PROBE = "org.apache.flink.streaming.api.environment.StreamExecutionEnvironment";
    /** Flags of the local runs that a Flink run has no use for. */
    private static final List<String> LOCAL_ONLY = List.of("mode", "serve", "serve-address", "trace", "graph", "report-json");

    private FlinkCommand() {}

    /**
     * Runs the camera pipeline with the runner {@code --runner} names.
     *
     * @param flags the flags, with {@code --runner}
     * @param o the parsed options, with the cameras
     * @param out where the summary goes
     * @param err where errors go
     * @return the exit status, or -1 for {@code --runner local} (the caller runs it)
     * @throws IllegalArgumentException if {@code --runner} is neither, or a flag does not work with Flink
     * @throws InterruptedException if the calling thread was interrupted
     */
    static int run(Flags flags, CameraOptions o, PrintStream out, PrintStream err) throws InterruptedException {
        String runner = flags.get("runner", "local");
        if (runner.equals("local")) {
            return -1;
        }
        if (!runner.equals("flink")) {
            throw new IllegalArgumentException("--runner must be local (the sequential and parallel runners, as --mode says) or"
                    + " flink (a local Flink mini cluster), was '" + runner + "'");
        }
        for (String f : LOCAL_ONLY) {
            if (flags.has(f)) {
                throw new IllegalArgumentException("--" + f + " does not work with --runner flink: the Flink run prints each"
                        + " camera's summary only; drop --" + f + " or use --runner local");
            }
        }
        if (flags.has("out") && o.out() != null) {
            throw new IllegalArgumentException("--out does not work with --runner flink: results cross Flink's network as data,"
                    + " and an annotated image is native memory freed before it would get there; drop --out or use --runner local");
        }
        try {
            check();
        } catch (IllegalStateException e) {
            err.println("camera: " + e.getMessage());
            return 1;
        }
        return FlinkCamera.run(o, out, err);
    }

    /**
     * Checks that Flink's classes load.
     *
     * @throws IllegalStateException if they do not, saying where the jars should be and how to get them
     */
    static void check() {
        try {
            Class.forName(PROBE, false, FlinkCommand.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalStateException("--runner flink needs Apache Flink's jars, which samples.jar does not contain: build"
                    + " with mvn -B -q package -DskipTests, which copies them to samples/target/flink-libs/, and run the samples.jar"
                    + " that sits beside that folder (its manifest finds them there), or put Flink 2.3 on the class path yourself:"
                    + " java -cp samples.jar:FLINK_JARS dev.stagegraph.samples.Main camera --runner flink ... (" + e + ")", e);
        }
    }
}
