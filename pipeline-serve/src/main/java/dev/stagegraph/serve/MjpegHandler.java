package dev.stagegraph.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * {@code /stream.mjpg}: a {@code multipart/x-mixed-replace} response that sends each viewer the
 * newest frame of a {@link JpegStream} whenever there is a newer one than it sent last. Each part
 * carries {@code Content-Length} and {@code X-Frame}, the frame's number in the stream (1 for the
 * first offered), so a client sees what it missed. Runs on the
 * server's thread for that viewer, which blocks in the socket write when the viewer reads slowly;
 * the pipeline's offering thread never waits for it. Ends when the viewer goes away or the view
 * stops ({@code stopping} turns true).
 */
final class MjpegHandler implements HttpHandler {
    static final String BOUNDARY = "stagegraphframe";
    /** How long a viewer waits for a frame before it checks whether the view is stopping. */
    private static final Duration WAIT = Duration.ofMillis(250);

    private final JpegStream stream;
    private final BooleanSupplier stopping;
    private final int maxViewers;
    private final AtomicInteger viewers = new AtomicInteger();

    MjpegHandler(JpegStream stream, BooleanSupplier stopping, int maxViewers) {
        this.stream = stream;
        this.stopping = stopping;
        this.maxViewers = maxViewers;
    }

    int viewers() {
        return viewers.get();
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (viewers.incrementAndGet() > maxViewers) {
                Http.send(exchange, 503, "text/plain; charset=utf-8",
                        ("at most " + maxViewers + " viewers at once (LiveView.Options.maxViewers)\n").getBytes(StandardCharsets.UTF_8));
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "multipart/x-mixed-replace; boundary=" + BOUNDARY);
            exchange.getResponseHeaders().set("Cache-Control", "no-cache, no-store");
            if ("HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            long after = 0;
            while (!stopping.getAsBoolean() && !Thread.currentThread().isInterrupted()) {
                JpegStream.Frame f = stream.next(after, WAIT);
                if (f.number() <= after || f.jpeg() == null) {
                    continue;
                }
                byte[] head = ("--" + BOUNDARY + "\r\nContent-Type: image/jpeg\r\nContent-Length: " + f.jpeg().length
                        + "\r\nX-Frame: " + f.number() + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII);
                out.write(head);
                out.write(f.jpeg());
                out.write('\r');
                out.write('\n');
                out.flush();
                stream.countSent(after, f.number());
                after = f.number();
            }
        } catch (IOException e) {
            // the viewer went away: nothing to report, its thread is free again
        } finally {
            viewers.decrementAndGet();
        }
    }
}
