package dev.stagegraph.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Ctrl-C (SIGINT to a real child JVM) stops the run cleanly and still prints the report, once. */
class ShutdownHookTest {

    @Test
    void sigint_drainsTheRun_andPrintsTheReportOnce() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), ShutdownHookMain.class.getName())
                .redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.equals("running")) {
                lines.add(line);
            }
            assertEquals("running", line, "the child never started: " + lines);
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).inheritIO().start();
            assertEquals(0, kill.waitFor());
            while ((line = out.readLine()) != null) {
                lines.add(line);
            }
        }
        assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child did not exit after SIGINT");
        String output = String.join("\n", lines);
        assertEquals(1, lines.stream().filter(l -> l.startsWith("pipeline 'ctrl-c' (parallel)")).count(), output);
        assertTrue(output.contains("accounted=true"), output);
        assertTrue(output.contains("0 aborted"), "a drain finishes the frames in flight:\n" + output);
    }
}
