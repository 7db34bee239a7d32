/**
 * Runs an unchanged {@link dev.stagegraph.Pipeline} on Apache Flink 2.x. {@link dev.stagegraph.flink.FlinkRunner}
 * turns a pipeline factory and a list of {@link dev.stagegraph.flink.NamedSource}s into a FLIP-27
 * source with one split per source; each parallel reader runs the whole stage graph for its sources
 * with a local runner, so frames never leave the task manager and only
 * {@link dev.stagegraph.flink.FrameResult}s (serialized by {@link dev.stagegraph.flink.FrameResultTypeInfo},
 * never by Kryo) go downstream to any Flink {@code Sink}. Fail-fast failures fail the task for
 * Flink's restart strategy; restored recorded sources resume from the checkpointed frame number
 * (at-least-once output). The report's totals are Flink metrics named as in the local report.
 */
package dev.stagegraph.flink;
