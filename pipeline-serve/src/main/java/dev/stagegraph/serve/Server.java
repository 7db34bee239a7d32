package dev.stagegraph.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.stagegraph.Execution;
import dev.stagegraph.Pipeline;
import dev.stagegraph.PipelineFailedException;
import dev.stagegraph.report.RunReport;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP server behind a {@link LiveView} and its life: a JDK {@link HttpServer} on its own
 * bounded pool of daemon threads (one per open request; a video viewer holds one for as long as it
 * watches) and a watcher thread that waits for the run to end, keeps its outcome for the page,
 * lingers, and stops the server.
 *
 * <p>Stopping ({@link #stop}, from any thread, once): {@code stopping} (volatile) ends every video
 * loop within its wait, the server closes the listener and, after at most a second, every
 * connection (which also frees a viewer blocked in a write), then the pool, each of its threads
 * and the watcher are joined. {@code outcome} is written once by the watcher and read by request threads (volatile).
 */
final class Server {
    private static final String PAGE = "index.html";
    private static final Duration JOIN = Duration.ofSeconds(5);

    private final HttpServer http;
    private final ThreadPoolExecutor pool;
    private final List<Thread> poolThreads;
    private final Execution<?> execution;
    private final JpegStream stream;
    private final Stats stats;
    private final Duration linger;
    private final Thread watcher;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Object stopLock = new Object();
    private volatile boolean stopping;
    private volatile Stats.Outcome outcome;

    private Server(HttpServer http, ThreadPoolExecutor pool, List<Thread> poolThreads, Execution<?> execution,
            Pipeline<?, ?> pipeline, PrometheusMeterRegistry registry, LiveView.Options o) {
        this.http = http;
        this.pool = pool;
        this.poolThreads = poolThreads;
        this.execution = execution;
        this.stream = o.stream;
        this.linger = o.linger;
        MjpegHandler video = new MjpegHandler(stream, () -> stopping, o.maxViewers);
        Map<String, MjpegHandler> sources = new LinkedHashMap<>();
        o.sourceStreams.forEach((name, s) -> sources.put(name, new MjpegHandler(s, () -> stopping, o.maxViewers)));
        this.stats = new Stats(pipeline, registry, stream, video);
        byte[] page = Http.resource(PAGE);
        byte[] graph = stats.graph().getBytes(StandardCharsets.UTF_8);
        http.createContext("/", e -> respond(e, () -> {
            if (!e.getRequestURI().getPath().equals("/")) {
                Http.send(e, 404, "text/plain; charset=utf-8", ("no such page: " + e.getRequestURI().getPath()
                        + "; try /, /metrics, /stream.mjpg, /stats.json or /graph.json\n").getBytes(StandardCharsets.UTF_8));
                return;
            }
            Http.send(e, 200, "text/html; charset=utf-8", page);
        }));
        http.createContext("/metrics", e -> respond(e, () -> Http.send(e, 200, "text/plain; version=0.0.4; charset=utf-8",
                registry.scrape().getBytes(StandardCharsets.UTF_8))));
        http.createContext("/stats.json", e -> respond(e, () -> Http.send(e, 200, "application/json",
                stats.snapshot(execution, outcome).getBytes(StandardCharsets.UTF_8))));
        http.createContext("/graph.json", e -> respond(e, () -> Http.send(e, 200, "application/json", graph)));
        http.createContext("/stream.mjpg", e -> respond(e, () -> stream(e, video, sources)));
        this.watcher = new Thread(this::watch, "stagegraph-serve-" + port() + "-watch");
        watcher.setDaemon(true);
    }

    static Server start(Execution<?> execution, Pipeline<?, ?> pipeline, PrometheusMeterRegistry registry, LiveView.Options o)
            throws IOException {
        InetSocketAddress where = o.socketAddress();
        HttpServer http;
        try {
            http = HttpServer.create(where, 16);
        } catch (BindException e) {
            BindException clear = new BindException("cannot serve the live view on " + where.getAddress().getHostAddress() + ":"
                    + where.getPort() + ": " + e.getMessage() + "; is another server (or another run) on that port? choose another"
                    + " port, or 0 for any free one");
            clear.initCause(e);
            throw clear;
        }
        int port = http.getAddress().getPort();
        AtomicInteger n = new AtomicInteger();
        List<Thread> threads = new CopyOnWriteArrayList<>();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(o.maxViewers + 4, o.maxViewers + 4, 10, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "stagegraph-serve-" + port + "-http-" + n.incrementAndGet());
                    t.setDaemon(true);
                    threads.add(t);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        http.setExecutor(pool);
        Server s = new Server(http, pool, threads, execution, pipeline, registry, o);
        http.start();
        s.watcher.start();
        return s;
    }

    /** Runs a handler; a failure becomes a 500 with its message, and the exchange is always closed. */
    private static void respond(HttpExchange e, IoAction action) {
        try (e) {
            if (Http.readOnly(e)) {
                action.run();
            }
        } catch (IOException | RuntimeException ex) {
            try {
                Http.send(e, 500, "text/plain; charset=utf-8", String.valueOf(ex).getBytes(StandardCharsets.UTF_8));
            } catch (IOException | RuntimeException ignored) {
                // the client is gone or the headers were sent: nothing more to tell it
            }
        }
    }

    /**
     * {@code /stream.mjpg}: the view's stream, or with {@code ?source=NAME} that source's; an
     * unknown source is a 404 that lists the known ones.
     */
    private static void stream(HttpExchange e, MjpegHandler video, Map<String, MjpegHandler> sources) throws IOException {
        String query = e.getRequestURI().getRawQuery();
        if (query == null || query.isEmpty()) {
            video.handle(e);
            return;
        }
        String source = null;
        for (String pair : query.split("&")) {
            if (pair.startsWith("source=")) {
                source = URLDecoder.decode(pair.substring("source=".length()), StandardCharsets.UTF_8);
            }
        }
        MjpegHandler handler = source == null ? null : sources.get(source);
        if (handler == null) {
            Http.send(e, 404, "text/plain; charset=utf-8", ("no stream for " + (source == null ? "'" + query + "'"
                    : "source '" + source + "'") + "; known: /stream.mjpg" + (sources.isEmpty() ? "" : " and /stream.mjpg?source="
                    + String.join(", ?source=", sources.keySet())) + "\n").getBytes(StandardCharsets.UTF_8));
            return;
        }
        handler.handle(e);
    }

    /** A handler body. */
    private interface IoAction {
        void run() throws IOException;
    }

    URI url() {
        InetSocketAddress a = http.getAddress();
        String host = a.getAddress() instanceof Inet6Address ? "[" + a.getAddress().getHostAddress() + "]"
                : a.getAddress().getHostAddress();
        return URI.create("http://" + host + ":" + a.getPort() + "/");
    }

    int port() {
        return http.getAddress().getPort();
    }

    JpegStream stream() {
        return stream;
    }

    /** The watcher: waits for the end of the run, keeps its outcome, lingers, stops the view. */
    private void watch() {
        try {
            while (!execution.awaitEnd(Duration.ofSeconds(1))) {
                if (stopRequested.getCount() == 0) {
                    return;
                }
            }
            outcome = outcomeOf();
            stopRequested.await(linger.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            return;
        }
        stop();
    }

    private Stats.Outcome outcomeOf() throws InterruptedException {
        try {
            RunReport r = execution.await();
            return new Stats.Outcome(r.toJson(), null);
        } catch (PipelineFailedException e) {
            return new Stats.Outcome(null, String.valueOf(e.getMessage()));
        } catch (IllegalStateException e) {
            return new Stats.Outcome(null, "the run ended; its report is with the thread that ran it: " + e.getMessage());
        }
    }

    /** Stops serving and ends every thread of the view; idempotent, from any thread. */
    void stop() {
        synchronized (stopLock) {
            if (stopping) {
                return;
            }
            stopping = true;
        }
        stopRequested.countDown();
        try {
            http.stop(1);
            pool.shutdownNow();
            boolean interrupted = false;
            try {
                pool.awaitTermination(JOIN.toMillis(), TimeUnit.MILLISECONDS);
                for (Thread t : poolThreads) {
                    if (t != Thread.currentThread()) {
                        t.join(JOIN.toMillis());
                    }
                }
                if (Thread.currentThread() != watcher) {
                    watcher.join(JOIN.toMillis());
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        } finally {
            stopped.countDown();
        }
    }

    /**
     * Waits until the view has stopped and, unless called by the watcher itself, its watcher thread
     * has ended too (the watcher stops the view when the run ends, then still has to return).
     */
    boolean awaitStopped(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        if (!stopped.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            return false;
        }
        if (Thread.currentThread() == watcher) {
            return true;
        }
        watcher.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        return !watcher.isAlive();
    }
}
