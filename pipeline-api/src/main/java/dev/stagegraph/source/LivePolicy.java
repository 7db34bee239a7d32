package dev.stagegraph.source;

/**
 * What the parallel runner does with a live source's frames (one whose
 * {@link FrameSource#live()} is true) when the pipeline already holds
 * {@code maxInFlight} frames. A recorded source always waits instead: nothing is dropped. Every
 * dropped frame is counted in the report, so {@code completed + failed + dropped + aborted} still
 * equals the frames captured.
 */
public enum LivePolicy {
    /**
     * Drop the frame just captured while the pipeline is full; the camera is never made to wait. The
     * default. Latency stays bounded by the frames in flight.
     */
    DROP_NEWEST,
    /**
     * The pipeline always takes the most recent frame: while it is full, a newly captured frame
     * replaces the one waiting, which is dropped. Capture runs on its own thread, so the frame fed
     * next is at most one camera period old. Best for latency.
     */
    KEEP_LATEST,
    /**
     * Wait for room before reading the next frame, as for a recorded source: nothing is dropped,
     * but the camera waits and latency grows with the backlog its driver keeps. Opt in explicitly.
     */
    BLOCK
}
