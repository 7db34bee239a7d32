package dev.stagegraph.video;

import java.time.Duration;

/**
 * What a source went through so far: a snapshot, taken by {@link VideoSource#stats()} from any
 * thread while the source runs. For a file or a folder only {@code connects} (1 once open) and
 * {@code frames} move.
 *
 * @param connects successful connections (opens) so far: 1 after {@code open}, +1 per reconnect
 * @param outages how many times a live stream was lost (a read error, a read time-out, or the
 *     server ending the stream) after it had delivered frames
 * @param outageTime the total time of the outages, each from the last frame before it to the
 *     reconnection after it; includes an outage still going on
 * @param framesLost an estimate of the frames the camera produced that never arrived: from gaps in
 *     the presentation times within a connection, and from each outage's length at the stream's rate
 * @param frames frames delivered so far
 * @param down whether the stream is in an outage right now (reconnecting)
 */
public record StreamStats(long connects, long outages, Duration outageTime, long framesLost, long frames, boolean down) {}
