/**
 * Where frames come from: the {@link dev.stagegraph.source.FrameSource} contract (lifecycle, frame
 * reuse and release, names and capture times, live or recorded), {@link dev.stagegraph.source.PushSource}
 * for producer threads, and the {@link dev.stagegraph.source.LivePolicy} a runner applies to a live
 * source that finds the pipeline full.
 */
package dev.stagegraph.source;
