package dev.stagegraph.samples;

import dev.stagegraph.report.RunReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * The runs of one sample invocation, printed and written as JSON of the shape
 * {@code {"runs":[{"mode":"sequential",...},{"mode":"parallel",...}],"speedup":R}}.
 *
 * @param runs the reports, sequential first when both ran
 * @param idealSpeedup the speed-up the ideal bound allows, or {@code NaN} when unknown
 */
public record Comparison(List<RunReport> runs, double idealSpeedup) {

    /**
     * A comparison whose ideal speed-up comes from the sequential run's measured stage costs: the
     * ideal bound for this machine ({@link RunReport#ideal()}) over the sequential FPS.
     *
     * @param runs the reports, sequential first when both ran
     * @return the comparison
     */
    public static Comparison of(List<RunReport> runs) {
        RunReport seq = runs.stream().filter(r -> r.mode().equals("sequential")).findFirst().orElse(null);
        double ideal = seq == null || seq.fps() == 0 || seq.ideal().fps() == 0 ? Double.NaN : seq.ideal().fps() / seq.fps();
        return new Comparison(List.copyOf(runs), ideal);
    }

    /**
     * Parallel FPS over sequential FPS, when both ran.
     *
     * @return the ratio, or {@code NaN}
     */
    public double speedup() {
        RunReport seq = find("sequential");
        RunReport par = find("parallel");
        return seq == null || par == null || seq.fps() == 0 ? Double.NaN : par.fps() / seq.fps();
    }

    private RunReport find(String mode) {
        return runs.stream().filter(r -> r.mode().equals(mode)).findFirst().orElse(null);
    }

    /**
     * The summary line of a comparison.
     *
     * @return one line, empty unless both modes ran
     */
    public String summary() {
        double s = speedup();
        if (Double.isNaN(s)) {
            return "";
        }
        String line = String.format(Locale.ROOT, "speed-up: parallel %.1f FPS / sequential %.1f FPS = %.2fx",
                find("parallel").fps(), find("sequential").fps(), s);
        if (!Double.isNaN(idealSpeedup)) {
            line += String.format(Locale.ROOT, "; ideal on %d cores %.2fx (%s), efficiency %.0f%%", find("parallel").cores(),
                    idealSpeedup, find("sequential").ideal(), 100 * s / idealSpeedup);
        }
        return line;
    }

    /**
     * The JSON document.
     *
     * @return the JSON text
     */
    public String toJson() {
        return toJson("");
    }

    /**
     * The JSON document with a sample's own fields added at its end.
     *
     * @param fields more members of the document's object, e.g. {@code "classes":{...}}, without a
     *     leading comma; empty for none
     * @return the JSON text
     */
    public String toJson(String fields) {
        StringJoiner runJson = new StringJoiner(",", "[", "]");
        runs.forEach(r -> runJson.add(r.toJson()));
        double s = speedup();
        return "{\"runs\":" + runJson + ",\"speedup\":" + (Double.isNaN(s) ? "null" : String.format(Locale.ROOT, "%.4f", s))
                + ",\"idealSpeedup\":" + (Double.isNaN(idealSpeedup) ? "null" : String.format(Locale.ROOT, "%.4f", idealSpeedup))
                + (fields.isEmpty() ? "" : "," + fields) + "}";
    }

    /**
     * Writes {@link #toJson()} to a file.
     *
     * @param file where to write
     * @throws IOException if writing fails
     */
    public void write(Path file) throws IOException {
        write(file, "");
    }

    /**
     * Writes {@link #toJson(String)} to a file.
     *
     * @param file where to write
     * @param fields the sample's own members; see {@link #toJson(String)}
     * @throws IOException if writing fails
     */
    public void write(Path file, String fields) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, toJson(fields) + System.lineSeparator());
    }
}
