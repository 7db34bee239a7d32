package dev.stagegraph.samples;

import dev.stagegraph.samples.camera.CameraSample;
import dev.stagegraph.samples.diamond.DiamondSample;
import java.util.Arrays;

/**
 * The samples' entry point: {@code java -jar samples/target/samples.jar <sample> [flags]}.
 */
public final class Main {
    private Main() {}

    /**
     * Runs the sample named by the first argument.
     *
     * @param args the sample's name, then its flags
     * @throws Exception if the sample fails
     */
    public static void main(String[] args) throws Exception {
        String sample = args.length == 0 ? "" : args[0];
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        int status;
        switch (sample) {
            case "diamond" -> status = DiamondSample.run(rest);
            case "camera" -> status = CameraSample.run(rest);
            default -> {
                System.err.println("usage: java -jar samples.jar <sample> [flags]\n"
                        + "samples:\n"
                        + "  diamond   the sleep-stage diamond, sequential then parallel (--help for flags)\n"
                        + "  camera    a real vision pipeline on synthetic, camera, video or image frames (--help for flags)");
                status = sample.isEmpty() || sample.equals("--help") ? 0 : 2;
            }
        }
        System.exit(status);
    }
}
