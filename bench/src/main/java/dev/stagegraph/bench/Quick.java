package dev.stagegraph.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The quick comparison: a minute or less of side-by-side measurements, printed as a table and
 * written as JSON ({@code {"machine":{...},"benchmarks":[...],"goals":[...]}}). Not a substitute
 * for the JMH suite: each figure here comes from a few repetitions, but every ratio compares
 * competitors measured in the same run, seconds apart.
 */
final class Quick {
    private Quick() {}

    static int main(String[] args) throws Exception {
        Path json = null;
        boolean camerasOnly = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--json") && i + 1 < args.length) {
                json = Path.of(args[++i]);
            } else if (args[i].equals("--cameras-only")) {
                camerasOnly = true;
            } else {
                System.err.println("usage: java -jar bench.jar quick [--json FILE] [--cameras-only]");
                return 2;
            }
        }
        long start = System.nanoTime();
        JsonOut machine = Machine.describe();
        List<Section> sections = new ArrayList<>();
        if (camerasOnly) {
            sections.addAll(CamerasN.run());
        } else {
            all(sections);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        machine.put("loadAverageAtEnd", Machine.loadAverage());

        List<JsonOut> benchmarks = new ArrayList<>();
        List<JsonOut> goals = new ArrayList<>();
        System.out.println();
        System.out.println("goals");
        for (Section s : sections) {
            benchmarks.add(s.json());
            for (Goal g : s.goals()) {
                goals.add(g.toJson());
                System.out.println(g.row());
            }
        }
        System.out.printf(Locale.ROOT, "quick comparison took %.1f s%n", seconds);
        if (json != null) {
            JsonOut doc = new JsonOut().put("machine", machine).put("benchmarks", benchmarks).put("goals", goals)
                    .put("seconds", seconds);
            write(json, doc.toString());
            System.out.println("wrote " + json);
        }
        return 0;
    }

    /** Every section of the quick comparison, in order. */
    private static void all(List<Section> sections) throws Exception {
        sections.add(progress(new NoopComparison().run()));
        sections.add(progress(LatencyComparison.run()));
        for (Section s : IdealFps.sleep()) {
            sections.add(progress(s));
        }
        sections.add(progress(IdealFps.cpu()));
        sections.add(progress(CameraPedestrians.run()));
        sections.addAll(CamerasN.run());
        sections.add(progress(IdleCpu.run()));
        sections.add(progress(LiveKeepLatest.run()));
        for (Section s : ScaleQuick.run()) {
            sections.add(progress(s));
        }
        sections.add(progress(FlinkQuick.run()));
        sections.add(progress(FlinkQuick.cameras()));
        sections.add(progress(BatchedDnn.run()));
    }

    private static Section progress(Section s) {
        s.rows().forEach(System.out::println);
        System.out.flush();
        return s;
    }

    private static void write(Path file, String text) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, text + System.lineSeparator());
    }
}
