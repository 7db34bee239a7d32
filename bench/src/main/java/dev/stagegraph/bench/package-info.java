/**
 * Where every performance claim of stagegraph comes from: the JMH suite and the quick comparison,
 * both in {@code bench/target/bench.jar} ({@link dev.stagegraph.bench.BenchMain}).
 *
 * <h2>Glossary</h2>
 * <dl>
 *   <dt>competitor</dt>
 *   <dd>one way of running the no-op diamond: the parallel runner in four configurations, a
 *   hand-written Disruptor 4 program, {@code CompletableFuture}s on a two-thread pool, a plain
 *   loop, the sequential runner. All call the same per-stage functions.</dd>
 *   <dt>harness</dt>
 *   <dd>a competitor started once and fed frames in batches; the driving thread parks until a
 *   batch's last result is delivered, so it takes no core from what it measures.</dd>
 *   <dt>round</dt>
 *   <dd>in the quick comparison, one measurement of every competitor in turn, seconds apart; ratios
 *   are taken within a round.</dd>
 *   <dt>ideal bound</dt>
 *   <dd>FPS_ideal = min(P / sum(c_i), min_i(r_i / c_i)) for stage costs c_i and replicas r_i on P
 *   cores; stages that wait rather than compute drop the P term.</dd>
 * </dl>
 *
 * <h2>The no-op diamond</h2>
 * <pre>
 *             +--> size -------+
 *  source --> detector         +--> aggregator --> sink
 *             +--> classifier -+
 * </pre>
 * Each stage does a few arithmetic operations ({@code NoopWork}) and, in the runtime, returns a
 * pooled value, so the only per-frame cost left is the framework's, and any allocation measured is
 * the runner's own.
 */
package dev.stagegraph.bench;
