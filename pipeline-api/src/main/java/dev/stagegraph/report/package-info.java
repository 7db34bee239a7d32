/**
 * What a run tells at the end and while it goes on: the {@link dev.stagegraph.report.RunReport}
 * (counts, wall time and FPS, per-stage figures, end-to-end latency, the ideal bound and advice),
 * live {@link dev.stagegraph.report.Progress}, the {@link dev.stagegraph.report.FrameFailure}s it
 * records, and {@link dev.stagegraph.report.PipelineGraph}, which draws a pipeline annotated with a
 * report. All immutable; readers never need to construct these types, runners do.
 */
package dev.stagegraph.report;
