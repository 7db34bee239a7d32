package dev.stagegraph.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Headless Chromium (Debian's {@code chromium} package) driven over the Chrome DevTools protocol on
 * {@code java.net.http}'s WebSocket: nothing is downloaded, no driver is needed. One page target.
 * {@link #start} throws {@link Unavailable} with Chromium's own words when it cannot start.
 *
 * <p>Also a command: {@code Chromium URL OUT.png [WAIT_JS]} loads URL and writes a screenshot
 * once the JavaScript expression WAIT_JS (a promise, default: the FPS shows a number) resolves.
 */
final class Chromium implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String BINARY = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");

    /** Chromium is not installed or would not start here. */
    static final class Unavailable extends Exception {
        Unavailable(String message) {
            super(message);
        }
    }

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    private Chromium(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    static Chromium start(int width, int height) throws Unavailable, IOException, InterruptedException {
        if (!Files.isExecutable(Path.of(BINARY))) {
            throw new Unavailable(BINARY + " is not installed (apt-get install chromium; .ci/run installs it)");
        }
        Path profile = Files.createTempDirectory("stagegraph-chromium-");
        Process p = new ProcessBuilder(BINARY, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
                "--user-data-dir=" + profile, "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                "--window-size=" + width + "," + height, "about:blank").redirectErrorStream(true).start();
        CompletableFuture<String> ws = new CompletableFuture<>();
        Deque<String> tail = new ArrayDeque<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    synchronized (tail) {
                        tail.addLast(line);
                        if (tail.size() > 20) {
                            tail.removeFirst();
                        }
                    }
                    int at = line.indexOf("ws://");
                    if (line.startsWith("DevTools listening on") && at >= 0) {
                        ws.complete(line.substring(at).trim());
                    }
                }
            } catch (IOException e) {
                ws.completeExceptionally(e);
            }
            ws.completeExceptionally(new IOException("Chromium exited"));
        }, "chromium-output");
        reader.setDaemon(true);
        reader.start();
        String browserUrl;
        try {
            browserUrl = ws.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            deleteTree(profile);
            synchronized (tail) {
                throw new Unavailable("Chromium did not start (" + e + "); its output: " + String.join(" | ", tail));
            }
        }
        URI base = URI.create(browserUrl.replace("ws://", "http://"));
        HttpClient http = HttpClient.newHttpClient();
        JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(base.resolve("/json/list")).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString()).body());
        String pageUrl = null;
        for (JsonNode t : targets) {
            if (t.get("type").asText().equals("page")) {
                pageUrl = t.get("webSocketDebuggerUrl").asText();
            }
        }
        if (pageUrl == null) {
            p.destroyForcibly();
            throw new IOException("Chromium shows no page target: " + targets);
        }
        Chromium[] self = new Chromium[1];
        WebSocket socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create(pageUrl), new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            self[0].onMessage(text.toString());
                            text.setLength(0);
                        }
                        w.request(1);
                        return null;
                    }
                }).join();
        self[0] = new Chromium(p, profile, socket);
        return self[0];
    }

    private void onMessage(String message) {
        try {
            JsonNode m = JSON.readTree(message);
            if (m.has("id")) {
                CompletableFuture<JsonNode> f = pending.remove(m.get("id").asInt());
                if (f != null) {
                    f.complete(m);
                }
            }
        } catch (IOException e) {
            pending.values().forEach(f -> f.completeExceptionally(e));
        }
    }

    /** Sends one DevTools command and waits for its result, at most {@code timeout}. */
    JsonNode call(String method, Map<String, ?> params, Duration timeout) throws Exception {
        int id = ids.incrementAndGet();
        ObjectNode msg = JSON.createObjectNode().put("id", id).put("method", method);
        msg.set("params", JSON.valueToTree(params));
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        pending.put(id, f);
        socket.sendText(JSON.writeValueAsString(msg), true).join();
        JsonNode reply = f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (reply.has("error")) {
            throw new IOException(method + " failed: " + reply.get("error"));
        }
        return reply.get("result");
    }

    void navigate(URI url) throws Exception {
        call("Page.navigate", Map.of("url", url.toString()), Duration.ofSeconds(30));
    }

    /** Evaluates JavaScript in the page; a promise is awaited. Returns the value, or throws with the page's exception. */
    JsonNode eval(String expression, Duration timeout) throws Exception {
        JsonNode r = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true, "awaitPromise", true),
                timeout.plusSeconds(5));
        if (r.has("exceptionDetails")) {
            throw new AssertionError("the page threw: " + r.get("exceptionDetails"));
        }
        return r.get("result").get("value");
    }

    byte[] screenshot() throws Exception {
        return Base64.getDecoder().decode(call("Page.captureScreenshot", Map.of("format", "png"), Duration.ofSeconds(30))
                .get("data").asText());
    }

    @Override
    public void close() throws IOException {
        socket.abort();
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        deleteTree(profile);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    /** A promise that resolves once the page has loaded, the FPS shows a number and the video a frame; rejects after 30 s. */
    static final String FPS_SHOWN = "new Promise((ok, no) => { const t0 = Date.now(); (function check() {"
            + " const f = document.getElementById('fps'), img = document.getElementById('video');"
            + " const v = f ? parseFloat(f.textContent) : 0;"
            + " if (v > 0 && img && img.naturalWidth > 0) ok(v);"
            + " else if (Date.now() - t0 > 30000) no(new Error('no FPS within 30 s'));"
            + " else setTimeout(check, 100); })(); })";

    /**
     * Writes a screenshot of a page.
     *
     * @param args URL, output PNG, optionally a JavaScript promise to await first
     * @throws Exception if Chromium fails
     */
    public static void main(String[] args) throws Exception {
        try (Chromium c = start(1280, 1100)) {
            c.navigate(URI.create(args[0]));
            c.eval(args.length > 2 ? args[2] : FPS_SHOWN, Duration.ofSeconds(60));
            Files.write(Path.of(args[1]), c.screenshot());
        }
    }
}
