package dev.stagegraph.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Ctrl-C (SIGINT to a real child JVM) stops the run cleanly and still prints the report, once. */
class ShutdownHookTest {
    private static final String EOF = "\u0000eof";

    @Test
    void sigint_drainsTheRun_andPrintsTheReportOnce() throws Exception {
        List<String> lines = sigint();
        String output = String.join("\n", lines);
        assertEquals(1, lines.stream().filter(l -> l.startsWith("pipeline 'ctrl-c' (parallel)")).count(), output);
        assertTrue(lines.contains("accounted=true"), output);
        assertTrue(lines.contains("aborted=0"), "a drain finishes the frames in flight:\n" + output);
    }

    @Test
    void sigint_withAHungStage_abortsAfterTheDrainTimeout_andStillPrintsTheReport() throws Exception {
        List<String> lines = sigint("hung");
        String output = String.join("\n", lines);
        assertEquals(1, lines.stream().filter(l -> l.startsWith("pipeline 'ctrl-c' (parallel)")).count(), output);
        assertTrue(lines.contains("accounted=true"), output);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("aborted=") && !l.equals("aborted=0")),
                "the hung frame is handed back as aborted:\n" + output);
    }

    /** Starts the child, waits for "running", sends SIGINT, and returns every line it printed; every read has a deadline. */
    private static List<String> sigint(String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), ShutdownHookMain.class.getName()));
        command.addAll(List.of(args));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        BlockingQueue<String> out = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    out.add(line);
                }
            } catch (IOException e) {
                out.add("read failed: " + e);
            } finally {
                out.add(EOF);
            }
        }, "child-output");
        reader.setDaemon(true);
        reader.start();
        List<String> lines = new ArrayList<>();
        try {
            String line;
            do {
                line = out.poll(30, TimeUnit.SECONDS);
                assertTrue(line != null && !line.equals(EOF), "the child never started: " + lines);
                lines.add(line);
            } while (!line.equals("running"));
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).inheritIO().start();
            assertEquals(0, kill.waitFor());
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child did not exit after SIGINT: " + lines);
            while ((line = out.poll(10, TimeUnit.SECONDS)) != null && !line.equals(EOF)) {
                lines.add(line);
            }
            return lines;
        } finally {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
