package dev.stagegraph.runtime;

import dev.stagegraph.report.FrameFailure;

/**
 * The value a stage's cell holds when the frame failed there or upstream. Downstream stages pass
 * the same instance on instead of running, so the sink sees the first failure of the frame's path.
 * Allocated only when a stage throws.
 */
record Failed(FrameFailure failure) {}
