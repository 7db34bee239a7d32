package dev.stagegraph.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The quick comparison's {@code flink-sleep-diamond} and {@code flink-cameras-4}: runs
 * {@link FlinkSleepDiamond} and {@link FlinkCameras} in child JVMs whose class path adds Flink's
 * jars (listed in {@code flink.classpath} beside bench.jar, since Flink is not inside the jar), and
 * reports the Flink runner's steady FPS over the parallel runner's, same run
 * ({@code vsParallelRunner}), and what the per-stage-operator design costs.
 */
final class FlinkQuick {
    private FlinkQuick() {}

    static Section run() throws Exception {
        Path jar = benchJar();
        Path classpath = jar.resolveSibling("flink.classpath");
        JsonOut json = new JsonOut().put("name", "flink-sleep-diamond").put("graph", "sleep-diamond size x2 classifier x3");
        List<String> rows = new ArrayList<>();
        rows.add("flink-sleep-diamond (steady fps; Flink on a local mini cluster, one reader per source)");
        if (!Files.isRegularFile(jar) || !Files.isRegularFile(classpath)) {
            rows.add("  skipped: no flink.classpath beside " + jar + " (mvn -pl bench -am package writes it)");
            return new Section(json.put("skipped", true), rows, List.of());
        }
        double worst = Double.MAX_VALUE;
        List<JsonOut> runs = new ArrayList<>();
        for (String line : machineLines(jar, classpath, "flink-sleep-diamond", "sources ")) {
            String[] f = line.split(" ");
            double parallel = Double.parseDouble(f[2]);
            double flink = Double.parseDouble(f[4]);
            double perStage = Double.parseDouble(f[6]);
            double perStageImage = Double.parseDouble(f[8]);
            worst = Math.min(worst, flink / parallel);
            runs.add(new JsonOut().put("sources", Long.parseLong(f[1])).put("parallelRunnerFps", parallel).put("flinkRunnerFps", flink)
                    .put("vsParallelRunner", flink / parallel).put("perStageOperatorsFps", perStage)
                    .put("perStageVsParallelRunner", perStage / parallel).put("perStageVgaImageFps", perStageImage)
                    .put("perStageVgaImageVsParallelRunner", perStageImage / parallel));
            rows.add(String.format(Locale.ROOT, "  %s source(s): parallel %6.1f  flink %6.1f (x%.2f)  per-stage %6.1f (x%.2f)"
                    + "  per-stage+VGA %6.1f (x%.2f)", f[1], parallel, flink, flink / parallel, perStage, perStage / parallel,
                    perStageImage, perStageImage / parallel));
        }
        return new Section(json.put("runs", runs), rows, List.of(new Goal("flinkSleepDiamond.vsParallelRunner", worst, 0.8, true)));
    }

    /**
     * {@code flink-cameras-4}: the camera pipeline over 4 cameras, parallel runner, Flink runner, per-stage transport. This JVM
     * has no Flink, so it must not touch {@link FlinkCameras}: the child prints everything the section needs.
     */
    static Section cameras() throws Exception {
        Path jar = benchJar();
        Path classpath = jar.resolveSibling("flink.classpath");
        JsonOut json = new JsonOut().put("name", "flink-cameras-4").put("graph", "camera pipeline (shape classifier), 4 synthetic"
                + " 640x360 cameras, no video");
        List<String> rows = new ArrayList<>();
        rows.add("flink-cameras-4 (steady aggregate fps over 4 cameras; Flink: local mini cluster, parallelism 2, one split per camera)");
        if (!Files.isRegularFile(jar) || !Files.isRegularFile(classpath)) {
            rows.add("  skipped: no flink.classpath beside " + jar + " (mvn -pl bench -am package writes it)");
            return new Section(json.put("skipped", true), rows, List.of());
        }
        List<String> lines = machineLines(jar, classpath, "flink-cameras-4", "cameras ");
        String line = lines.get(lines.size() - 1);
        String[] f = line.split(" ");
        double parallel = Double.parseDouble(f[2]);
        double flink = Double.parseDouble(f[3]);
        double transport = Double.parseDouble(f[4]);
        long hops = Long.parseLong(f[5]);
        json.put("cameras", Long.parseLong(f[1])).put("parallelRunnerFps", parallel).put("flinkRunnerFps", flink)
                .put("vsParallelRunner", flink / parallel).put("perStageImageHops", hops)
                .put("perStageImageBytes", Long.parseLong(f[6])).put("perStageTransportFps", transport)
                .put("perStageTransportVsParallelRunner", transport / parallel);
        rows.add(String.format(Locale.ROOT, "  parallel %6.1f  flink %6.1f (x%.2f)  per-stage image transport alone %6.1f (x%.2f of"
                + " parallel, %d hops, before any stage work)", parallel, flink, flink / parallel, transport, transport / parallel, hops));
        return new Section(json, rows, List.of());
    }

    private static Path benchJar() throws Exception {
        return Path.of(BenchMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /**
     * Runs {@code BenchMain COMMAND --machine} in a child JVM on {@code jar} and the jars listed in
     * {@code classpath}, its errors discarded, and returns its output lines that start with
     * {@code prefix}, trimmed, in order.
     *
     * @throws IOException if the child exits with a status other than 0 or prints no such line,
     *     saying how to run it alone to see why
     */
    private static List<String> machineLines(Path jar, Path classpath, String command, String prefix) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = jar + File.pathSeparator + Files.readString(classpath).trim();
        Process p = new ProcessBuilder(java, "-cp", cp, BenchMain.class.getName(), command, "--machine")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String l = out.readLine(); l != null; l = out.readLine()) {
                if (l.trim().startsWith(prefix)) {
                    lines.add(l.trim());
                }
            }
        }
        if (p.waitFor() != 0 || lines.isEmpty()) {
            throw new IOException(command + "'s child JVM failed (exit " + p.exitValue() + "); run it alone to see why:"
                    + " java -cp bench.jar:$(cat flink.classpath) dev.stagegraph.bench.BenchMain " + command);
        }
        return lines;
    }
}
