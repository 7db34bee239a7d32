/**
 * A live view of a running execution, in a browser and for Prometheus:
 * {@link dev.stagegraph.serve.LiveView} serves one execution, {@link dev.stagegraph.serve.LiveViews}
 * serves each run of the runners it wraps, {@link dev.stagegraph.serve.JpegStream} carries the
 * newest JPEG frame from the application's sink to the video viewers. Everything else here is
 * package-private. The server is the JDK's {@code com.sun.net.httpserver} on a pool of the view's
 * own daemon threads.
 *
 * <pre>
 *   sink ──offer(jpeg)──▶ JpegStream (newest frame wins; one volatile write, unpark viewers)
 *                            │ each viewer thread takes the newest frame it has not sent
 *   browser ◀── /stream.mjpg ┘            (frames it skipped are counted as missed)
 *   browser ◀── /  ── polls /stats.json ◀── Execution.progress() + the runtime's meters
 *                       and /graph.json ◀── Pipeline.stages()
 *   Prometheus ◀── /metrics ◀── PrometheusMeterRegistry.scrape()
 *   watcher: awaitEnd ─▶ the report for the page ─▶ linger ─▶ stop (no thread left)
 * </pre>
 */
package dev.stagegraph.serve;
