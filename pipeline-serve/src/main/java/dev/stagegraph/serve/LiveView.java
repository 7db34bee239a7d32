package dev.stagegraph.serve;

import dev.stagegraph.Execution;
import dev.stagegraph.Pipeline;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A live view of one running execution over HTTP, on the JDK's {@code com.sun.net.httpserver}:
 *
 * <ul>
 *   <li>{@code /}: a page with the live video, the graph shaded by utilisation, the FPS, per-stage
 *       utilisation and mean latency, drops, and the run's report when it ends;
 *   <li>{@code /metrics}: the registry in the Prometheus text format (the runtime's
 *       {@code stagegraph.*} meters, if the runner was given this registry);
 *   <li>{@code /stream.mjpg}: the frames offered to {@link #stream()} as MJPEG, newest frame wins;
 *       {@code /stream.mjpg?source=NAME} those offered to one source's stream
 *       ({@link Options#sourceStream}), for a run over several cameras;
 *   <li>{@code /stats.json} and {@code /graph.json}: what the page polls.
 * </ul>
 *
 * <pre>{@code
 * PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
 * JpegStream video = new JpegStream();            // the sink calls video.offer(jpeg)
 * Execution<Frame> run = ParallelRunner.builder().meterRegistry(registry).build().start(pipeline, source, sink);
 * try (LiveView view = LiveView.serve(run, pipeline, registry, LiveView.options().port(8080).stream(video))) {
 *     System.out.println("watch at " + view.url());
 *     run.await();
 * }
 * }</pre>
 *
 * <p>Lifecycle: {@link #serve} binds and starts serving at once. The view stops by itself
 * {@link Options#linger} after the run ended (so an open page can fetch the final report), or when
 * {@link #close()} is called, whichever comes first; then it has no thread left. Its threads are
 * named {@code stagegraph-serve-PORT-...}, plus the JDK server's {@code HTTP-Dispatcher}.
 *
 * <p>Threads: all methods may be called from any thread. The view never calls into the pipeline
 * except {@link Execution#progress()}, {@link Execution#awaitEnd} and, once the run has ended,
 * {@link Execution#await()} for the report; a slow or stuck viewer costs the pipeline nothing.
 */
public final class LiveView implements AutoCloseable {
    private final Server server;

    private LiveView(Server server) {
        this.server = server;
    }

    /**
     * Default options: loopback address, an ephemeral port, a new {@link JpegStream}, 2 s linger,
     * at most 8 video viewers.
     *
     * @return new options
     */
    public static Options options() {
        return new Options();
    }

    /**
     * Starts serving a live view of {@code execution}.
     *
     * @param execution the running execution; the view does not close it
     * @param pipeline the pipeline it runs, for the graph and to find its meters
     * @param registry the registry the runner was given ({@code meterRegistry}), scraped for
     *     {@code /metrics}
     * @param options where to bind and what to stream
     * @return the running view
     * @throws java.net.BindException if the address cannot be bound, e.g. the port is in use; the
     *     message names the address and what to do
     * @throws IOException if the server cannot start otherwise
     */
    public static LiveView serve(Execution<?> execution, Pipeline<?, ?> pipeline, PrometheusMeterRegistry registry,
            Options options) throws IOException {
        Objects.requireNonNull(execution, "execution");
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(options, "options");
        return new LiveView(Server.start(execution, pipeline, registry, options));
    }

    /**
     * The page's address, e.g. {@code http://127.0.0.1:8080/}; with port 0, the port bound.
     *
     * @return the URL
     */
    public URI url() {
        return server.url();
    }

    /**
     * The port bound.
     *
     * @return the port
     */
    public int port() {
        return server.port();
    }

    /**
     * The stream {@code /stream.mjpg} shows.
     *
     * @return the stream given in the options (or made for them)
     */
    public JpegStream stream() {
        return server.stream();
    }

    /**
     * Offers a frame to the video; the same as {@code stream().offer(jpeg)}. Never blocks.
     *
     * @param jpeg one complete JPEG image, not to be changed afterwards
     */
    public void offerJpeg(byte[] jpeg) {
        server.stream().offer(jpeg);
    }

    /**
     * Waits until the view has stopped: {@link Options#linger} after the run ended, or closed.
     *
     * @param timeout how long to wait at most
     * @return {@code true} if it has stopped
     * @throws InterruptedException if the calling thread was interrupted
     */
    public boolean awaitStopped(Duration timeout) throws InterruptedException {
        return server.awaitStopped(timeout);
    }

    /**
     * Stops serving now: closes the listener and every connection, and ends the view's threads
     * before it returns. Idempotent. Does not stop the execution.
     */
    @Override
    public void close() {
        server.stop();
    }

    /** Where and how a {@link LiveView} serves. Mutable, not thread-safe; read by {@link #serve}. */
    public static final class Options {
        InetAddress address = InetAddress.getLoopbackAddress();
        int port;
        JpegStream stream = new JpegStream();
        final Map<String, JpegStream> sourceStreams = new LinkedHashMap<>();
        Duration linger = Duration.ofSeconds(2);
        int maxViewers = 8;

        private Options() {}

        /**
         * The TCP port; 0 (the default) takes any free one, readable afterwards from
         * {@link LiveView#port()}.
         *
         * @param port 0 to 65535
         * @return these options
         * @throws IllegalArgumentException if out of range
         */
        public Options port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("a port is 0 (any free one) to 65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * The address to bind instead of the loopback address, e.g. {@code 0.0.0.0} to let other
         * machines watch. The view has no authentication: bind beyond loopback only on a trusted
         * network.
         *
         * @param host a host name or IP address literal
         * @return these options
         * @throws IllegalArgumentException if the host cannot be resolved
         */
        public Options address(String host) {
            Objects.requireNonNull(host, "host");
            try {
                this.address = InetAddress.getByName(host);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("cannot resolve the address to serve on, '" + host
                        + "': give an IP address such as 127.0.0.1 or 0.0.0.0", e);
            }
            return this;
        }

        /**
         * The stream {@code /stream.mjpg} shows; create it before the run so the sink can offer
         * frames to it.
         *
         * @param stream the stream
         * @return these options
         */
        public Options stream(JpegStream stream) {
            this.stream = Objects.requireNonNull(stream, "stream");
            return this;
        }

        /**
         * The stream of one source, served at {@code /stream.mjpg?source=NAME} (the name
         * URL-encoded): made at the first call for a name, the same stream afterwards. Give it to
         * the sink of that source's frames before the run starts.
         *
         * @param source the source's name, as its frames carry it
         * @return the source's stream
         * @throws IllegalArgumentException if {@code source} is blank
         */
        public JpegStream sourceStream(String source) {
            if (Objects.requireNonNull(source, "source").isBlank()) {
                throw new IllegalArgumentException("a source stream needs the source's name, was blank");
            }
            return sourceStreams.computeIfAbsent(source, k -> new JpegStream());
        }

        /**
         * How long the view keeps serving after the run ended, so an open page shows the final
         * report; {@link Duration#ZERO} stops it as soon as the run ends.
         *
         * @param linger not negative
         * @return these options
         * @throws IllegalArgumentException if negative
         */
        public Options linger(Duration linger) {
            if (linger.isNegative()) {
                throw new IllegalArgumentException("linger cannot be negative, was " + linger);
            }
            this.linger = linger;
            return this;
        }

        /**
         * How many clients may watch the video at once; more get 503. Each takes one server thread.
         *
         * @param viewers at least 1
         * @return these options
         * @throws IllegalArgumentException if less than 1
         */
        public Options maxViewers(int viewers) {
            if (viewers < 1) {
                throw new IllegalArgumentException("maxViewers must be at least 1, was " + viewers);
            }
            this.maxViewers = viewers;
            return this;
        }

        InetSocketAddress socketAddress() {
            return new InetSocketAddress(address, port);
        }
    }
}
