package dev.stagegraph.samples.camera;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * pipeline-video's test RTSP server (gst-rtsp-server through python3-gi, its script
 * {@code pipeline-video/src/test/resources/rtsp_server.py}) on 127.0.0.1 and a free port: a live
 * 320x240 H.264 test pattern at {@code /live}. A test that cannot start it is skipped with the reason.
 */
final class RtspServer implements AutoCloseable {
    private final Process process;
    private final int port;

    private RtspServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts it, or skips the test saying why it cannot run here. */
    static RtspServer startOrSkip() throws IOException, InterruptedException {
        Path python = Path.of("/usr/bin/python3");
        Path script = Path.of("").toAbsolutePath().resolveSibling("pipeline-video").resolve("src/test/resources/rtsp_server.py");
        assumeTrue(Files.isExecutable(python) && Files.isRegularFile(script), "skipped: needs /usr/bin/python3 and " + script);
        Process p = new ProcessBuilder(List.of(python.toString(), script.toString(), "0")).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder said = new StringBuilder();
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith("PORT ")) {
                return new RtspServer(p, Integer.parseInt(line.substring(5).strip()));
            }
            said.append(line).append('\n');
        }
        p.waitFor(10, TimeUnit.SECONDS);
        assumeTrue(false, "skipped: the test RTSP server did not start (.ci/run installs python3-gi"
                + " gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-ugly); it said: " + said);
        return null;
    }

    /** The stream's URL. */
    String url() {
        return "rtsp://127.0.0.1:" + port + "/live";
    }

    /**
     * Stops the server: closing its standard input ends it; it is killed if it has not ended after
     * 10 s. An interrupt while waiting kills it at once and keeps the thread's interrupt status.
     */
    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
