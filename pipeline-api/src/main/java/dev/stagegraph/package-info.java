/**
 * Declare per-frame stage graphs in Java code: the stage contract, typed ports, the pipeline
 * builder, sources and sinks, runners and the run report. Depends on the JDK only; runners live in
 * {@code dev.stagegraph.runtime}.
 *
 * <h2>Glossary</h2>
 * <dl>
 *   <dt>Stage</dt>
 *   <dd>A long-lived, stateful processor: {@code open} once (expensive set-up), {@code process}
 *       once per frame, {@code close} once. Never called by two threads at once.
 *       {@link dev.stagegraph.Stage}, {@link dev.stagegraph.JoinStage},
 *       {@link dev.stagegraph.MultiStage} read one, two or any number of ports.</dd>
 *   <dt>Port</dt>
 *   <dd>A typed handle to the output of the source or of a stage; wiring a stage means passing it
 *       the ports it reads, so {@code javac} checks every edge.</dd>
 *   <dt>Pipeline</dt>
 *   <dd>An immutable, validated graph, built by {@link dev.stagegraph.PipelineBuilder}; run it
 *       many times, by any runner.</dd>
 *   <dt>Frame</dt>
 *   <dd>One input from the {@link dev.stagegraph.source.FrameSource}, numbered from 0; results reach the
 *       {@link dev.stagegraph.FrameSink} in frame order.</dd>
 *   <dt>Replica</dt>
 *   <dd>One of N instances of a stage; frame n goes to replica n mod N; order is restored before
 *       any consumer sees a result.</dd>
 *   <dt>No result</dt>
 *   <dd>A stage returning {@code null}: its dependants skip the frame, the sink receives
 *       {@code null}.</dd>
 *   <dt>Outcome</dt>
 *   <dd>Every frame taken ends completed, failed, dropped (a live source had no room) or aborted
 *       (the run was cut short); the {@link dev.stagegraph.report.RunReport} counts add up.</dd>
 * </dl>
 *
 * <h2>The seed's diamond</h2>
 * <pre>
 *                      +--&gt; size estimator (x2) --+
 *   source --&gt; detector                           +--&gt; aggregator --&gt; sink
 *                      +--&gt; classifier (x3) ------+
 * </pre>
 * The size estimator and the classifier share no path, so they run at the same time on the same
 * frame; the detector works on frame n+1 while they work on frame n.
 */
package dev.stagegraph;
