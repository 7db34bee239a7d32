package dev.stagegraph.samples.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code camera --serve PORT}: the sample prints the view's URL and serves its video, stats and meters while it runs. */
class CameraServeTest {
    private static final Pattern URL = Pattern.compile("live view: (http://127\\.0\\.0\\.1:\\d+/)");

    @Test
    void serve_printsTheUrl_andServesVideoStatsAndMetricsWhileItRuns() throws Exception {
        OpenCv.load();
        CompletableFuture<URI> url = new CompletableFuture<>();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(new OutputStream() {
            @Override
            public synchronized void write(int b) {
                printed.write(b);
                if (b == '\n') {
                    Matcher m = URL.matcher(printed.toString(StandardCharsets.UTF_8));
                    if (m.find()) {
                        url.complete(URI.create(m.group(1)));
                    }
                }
            }
        }, true, StandardCharsets.UTF_8);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CompletableFuture<Integer> status = CompletableFuture.supplyAsync(() -> {
            try {
                return CameraSample.run(new String[] {"--mode", "parallel", "--frames", "300", "--size", "320x240", "--warmup", "0",
                    "--serve", "0", "--out", "none", "--quiet"}, out, new PrintStream(err, true, StandardCharsets.UTF_8));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        URI base = url.get(60, TimeUnit.SECONDS);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> metrics = client.send(HttpRequest.newBuilder(base.resolve("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<InputStream> video = client.send(HttpRequest.newBuilder(base.resolve("/stream.mjpg")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        byte[] part;
        try (InputStream in = video.body()) {
            part = in.readNBytes(2048);
        }
        assertEquals(0, status.get(120, TimeUnit.SECONDS), err.toString(StandardCharsets.UTF_8));

        assertTrue(metrics.body().lines().anyMatch(l -> l.startsWith("stagegraph_stage_process_seconds_count{mode=\"parallel\",pipeline=\"camera\",")
                && l.contains("replica=\"0\"") && l.contains("stage=\"render\"")), metrics.body());
        String head = new String(part, StandardCharsets.ISO_8859_1);
        assertTrue(video.headers().firstValue("Content-Type").orElse("").startsWith("multipart/x-mixed-replace"));
        assertTrue(head.contains("Content-Type: image/jpeg") && head.contains("\r\n\r\n\u00ff\u00d8"), "a JPEG part: " + head);
    }

    /**
     * Two cameras: one run, one view, each camera's frames at {@code /stream.mjpg?source=NAME}
     * (the first camera's also at {@code /stream.mjpg}), read by a real HTTP client on loopback; an
     * unknown camera is a 404 naming the known ones.
     */
    @Test
    void serve_twoCameras_eachHasItsOwnStream() throws Exception {
        OpenCv.load();
        CompletableFuture<URI> url = new CompletableFuture<>();
        PrintStream out = printingTo(url);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CompletableFuture<Integer> status = CompletableFuture.supplyAsync(() -> {
            try {
                return CameraSample.run(new String[] {"--mode", "parallel", "--frames", "300", "--size", "320x240", "--warmup", "0",
                    "--source", "lobby=synthetic:3", "--source", "door=synthetic:5", "--serve", "0", "--out", "none", "--quiet"},
                        out, new PrintStream(err, true, StandardCharsets.UTF_8));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        URI base = url.get(60, TimeUnit.SECONDS);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        for (String stream : new String[] {"/stream.mjpg?source=lobby", "/stream.mjpg?source=door", "/stream.mjpg"}) {
            HttpResponse<InputStream> video = client.send(HttpRequest.newBuilder(base.resolve(stream)).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            byte[] part;
            try (InputStream in = video.body()) {
                part = in.readNBytes(2048);
            }
            String head = new String(part, StandardCharsets.ISO_8859_1);
            assertEquals(200, video.statusCode(), stream);
            assertTrue(head.contains("Content-Type: image/jpeg") && head.contains("\r\n\r\n\u00ff\u00d8"), stream + ": a JPEG part: " + head);
        }
        HttpResponse<String> unknown = client.send(HttpRequest.newBuilder(base.resolve("/stream.mjpg?source=yard")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(0, status.get(120, TimeUnit.SECONDS), err.toString(StandardCharsets.UTF_8));
        assertEquals(404, unknown.statusCode());
        assertTrue(unknown.body().contains("'yard'") && unknown.body().contains("lobby") && unknown.body().contains("door"),
                unknown.body());
    }

    /** A console that completes {@code url} with the live view's address once it is printed. */
    private static PrintStream printingTo(CompletableFuture<URI> url) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        return new PrintStream(new OutputStream() {
            @Override
            public synchronized void write(int b) {
                printed.write(b);
                if (b == '\n') {
                    Matcher m = URL.matcher(printed.toString(StandardCharsets.UTF_8));
                    if (m.find()) {
                        url.complete(URI.create(m.group(1)));
                    }
                }
            }
        }, true, StandardCharsets.UTF_8);
    }

    @Test
    void serveFlags_badValuesExitWithTwo() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        PrintStream o = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertEquals(2, CameraSample.run(new String[] {"--serve-address", "0.0.0.0"}, o, e));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--serve-address needs --serve PORT"));
        assertEquals(2, CameraSample.run(new String[] {"--serve", "70000"}, o, e));
        assertEquals(2, CameraSample.run(new String[] {"--serve", "eighty"}, o, e));
    }
}
