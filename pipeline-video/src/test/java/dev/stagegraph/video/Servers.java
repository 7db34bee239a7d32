package dev.stagegraph.video;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real stream servers on 127.0.0.1 for the network tests, each a child process that can be stopped
 * and started again on the same port: ffmpeg's own HTTP server ({@code -listen 1}, MPEG-TS) and a
 * gst-rtsp-server (python3-gi, installed by {@code .ci/run}).
 */
final class Servers {
    private Servers() {}

    /** A port that was free a moment ago on 127.0.0.1 (for servers that cannot report an ephemeral port). */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** A server process that can be restarted on its port. */
    abstract static class Server implements AutoCloseable {
        private Process process;
        int port;

        /** The stream's URL. */
        abstract String url();

        /** Starts the process; returns when it listens (or, for ffmpeg, when it was started). */
        abstract Process launch() throws IOException, InterruptedException;

        final Server start() throws IOException, InterruptedException {
            process = launch();
            return this;
        }

        /** Kills the process and waits (at most 10 s) for it to end. */
        final void stop() {
            if (process != null) {
                process.destroyForcibly();
                try {
                    process.waitFor(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                process = null;
            }
        }

        @Override
        public final void close() {
            stop();
        }
    }

    /** ffmpeg serving the clip in a loop as live MPEG-TS over HTTP, to one client at a time. */
    static final class Http extends Server {
        private final Path clip;

        Http(Path clip) throws IOException {
            this.clip = clip;
            this.port = freePort();
        }

        @Override
        String url() {
            return "http://127.0.0.1:" + port + "/live.ts";
        }

        @Override
        Process launch() throws IOException {
            return new ProcessBuilder("ffmpeg", "-nostdin", "-loglevel", "error", "-re", "-stream_loop", "-1", "-i",
                    clip.toString(), "-c", "copy", "-f", "mpegts", "-listen", "1", url()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        }
    }

    /** gst-rtsp-server with a live 320x240 H.264 test pattern at {@code /live}. */
    static final class Rtsp extends Server {
        private final Path script;

        private Rtsp(Path script) {
            this.script = script;
        }

        /** Starts it on a free port, or skips the test with the reason it cannot run here. */
        static Rtsp startOrSkip() throws IOException, InterruptedException {
            Path python = Path.of("/usr/bin/python3");
            assumeTrue(Files.isExecutable(python), "skipped: no /usr/bin/python3 for the test RTSP server (.ci/run installs"
                    + " python3-gi gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-ugly)");
            Path script = Files.createTempFile("rtsp_server", ".py");
            try (var in = Servers.class.getResourceAsStream("/rtsp_server.py")) {
                Files.write(script, in.readAllBytes());
            }
            script.toFile().deleteOnExit();
            Rtsp r = new Rtsp(script);
            r.port = 0;
            r.start();
            return r;
        }

        @Override
        String url() {
            return "rtsp://127.0.0.1:" + port + "/live";
        }

        @Override
        Process launch() throws IOException, InterruptedException {
            Process p = new ProcessBuilder(List.of("/usr/bin/python3", script.toString(), Integer.toString(port)))
                    .redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder said = new StringBuilder();
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("PORT ")) {
                    port = Integer.parseInt(line.substring(5).strip());
                    return p;
                }
                said.append(line).append('\n');
            }
            p.waitFor(10, TimeUnit.SECONDS);
            assumeTrue(false, "skipped: the test RTSP server (gst-rtsp-server through python3-gi) did not start; .ci/run"
                    + " installs python3-gi gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-ugly. It said: " + said);
            return p;
        }
    }

    /** A JDK HTTP server on 127.0.0.1 (ephemeral port) serving the files of {@code dir}; 404 for anything else. */
    static HttpServer files(Path dir) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/", exchange -> {
            Path file = dir.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
            byte[] body = file.startsWith(dir) && Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
            exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                if (body != null) {
                    out.write(body);
                }
            }
        });
        http.start();
        return http;
    }

    /** A TCP server that accepts connections (in the kernel's backlog) and never sends a byte. */
    static ServerSocket silent() throws IOException {
        return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    /**
     * Opens a source on a server process that was just started and may not listen yet: retries a
     * refused connection every 100 ms for at most {@code within}. ffmpeg's {@code -listen} prints
     * nothing when it listens and serves one client, so the port cannot be probed any other way.
     */
    static VideoSource openWhenUp(String url, VideoOptions options, Duration within) throws Exception {
        long end = System.nanoTime() + within.toNanos();
        while (true) {
            VideoSource s = VideoSources.create(url, options);
            try {
                s.open();
                return s;
            } catch (VideoSourceException e) {
                s.close();
                if (!e.getMessage().contains("refused") || System.nanoTime() > end) {
                    throw e;
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
    }

}
