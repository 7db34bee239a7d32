package dev.stagegraph.video;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link VideoSource} reads: time-outs and reconnects for network streams, the RTSP transport,
 * a frame limit. Immutable; each {@code with...} method returns a changed copy, so one instance can
 * be shared by threads and runs.
 *
 * <pre>{@code
 * VideoOptions o = VideoOptions.defaults()
 *         .withConnectTimeout(Duration.ofSeconds(5))
 *         .withRtspTransport(VideoOptions.RtspTransport.UDP);
 * }</pre>
 */
public final class VideoOptions {
    /** How RTSP carries the media. */
    public enum RtspTransport {
        /** Interleaved in the RTSP TCP connection: no loss, passes firewalls; the default. */
        TCP,
        /** RTP over UDP: lower latency, but packets can be lost (seen as lost frames) or blocked. */
        UDP
    }

    private static final VideoOptions DEFAULTS = new VideoOptions(Duration.ofSeconds(10), Duration.ofSeconds(10),
            Duration.ofMinutes(5), Duration.ofMillis(250), Duration.ofSeconds(10), RtspTransport.TCP, Long.MAX_VALUE, 25);

    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final Duration reconnectFor;
    private final Duration backoffFirst;
    private final Duration backoffMax;
    private final RtspTransport rtspTransport;
    private final long maxFrames;
    private final double imageRate;

    private VideoOptions(Duration connectTimeout, Duration readTimeout, Duration reconnectFor, Duration backoffFirst,
            Duration backoffMax, RtspTransport rtspTransport, long maxFrames, double imageRate) {
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.reconnectFor = reconnectFor;
        this.backoffFirst = backoffFirst;
        this.backoffMax = backoffMax;
        this.rtspTransport = rtspTransport;
        this.maxFrames = maxFrames;
        this.imageRate = imageRate;
    }

    /**
     * Connect and read time-outs of 10 s, reconnects for up to 5 minutes with backoff from 250 ms
     * doubling to 10 s, RTSP over TCP, no frame limit, image folders at 25 frames/s.
     *
     * @return the defaults
     */
    public static VideoOptions defaults() {
        return DEFAULTS;
    }

    /**
     * The longest a (re)connection may take, from opening the socket to the first decodable frame's
     * stream information. A stream that does not answer in this time fails {@code open} with a
     * {@link VideoSourceException} naming the URL and this time-out.
     *
     * @param timeout positive
     * @return a changed copy
     */
    public VideoOptions withConnectTimeout(Duration timeout) {
        return new VideoOptions(positive(timeout, "connectTimeout"), readTimeout, reconnectFor, backoffFirst, backoffMax,
                rtspTransport, maxFrames, imageRate);
    }

    /**
     * The longest one read from a stream may block; a live stream silent for longer is an outage.
     *
     * @param timeout positive
     * @return a changed copy
     */
    public VideoOptions withReadTimeout(Duration timeout) {
        return new VideoOptions(connectTimeout, positive(timeout, "readTimeout"), reconnectFor, backoffFirst, backoffMax,
                rtspTransport, maxFrames, imageRate);
    }

    /**
     * How long a lost live stream is retried before {@code next} fails; {@link Duration#ZERO} fails
     * at the first outage.
     *
     * @param window zero or positive
     * @return a changed copy
     */
    public VideoOptions withReconnectFor(Duration window) {
        Objects.requireNonNull(window, "reconnectFor");
        if (window.isNegative()) {
            throw new IllegalArgumentException("reconnectFor must be zero or positive, was " + window);
        }
        return new VideoOptions(connectTimeout, readTimeout, window, backoffFirst, backoffMax, rtspTransport, maxFrames,
                imageRate);
    }

    /**
     * The wait before the first reconnect attempt, doubling after each failed attempt up to {@code max}.
     *
     * @param first positive
     * @param max at least {@code first}
     * @return a changed copy
     */
    public VideoOptions withBackoff(Duration first, Duration max) {
        positive(first, "backoff first");
        positive(max, "backoff max");
        if (max.compareTo(first) < 0) {
            throw new IllegalArgumentException("backoff max (" + max + ") must be at least the first wait (" + first + ")");
        }
        return new VideoOptions(connectTimeout, readTimeout, reconnectFor, first, max, rtspTransport, maxFrames, imageRate);
    }

    /**
     * How RTSP streams carry their media.
     *
     * @param transport TCP (the default) or UDP
     * @return a changed copy
     */
    public VideoOptions withRtspTransport(RtspTransport transport) {
        return new VideoOptions(connectTimeout, readTimeout, reconnectFor, backoffFirst, backoffMax,
                Objects.requireNonNull(transport, "rtspTransport"), maxFrames, imageRate);
    }

    /**
     * The most frames the source delivers before it reports the end of the stream.
     *
     * @param frames positive
     * @return a changed copy
     */
    public VideoOptions withMaxFrames(long frames) {
        if (frames <= 0) {
            throw new IllegalArgumentException("maxFrames must be positive, was " + frames);
        }
        return new VideoOptions(connectTimeout, readTimeout, reconnectFor, backoffFirst, backoffMax, rtspTransport, frames,
                imageRate);
    }

    /**
     * The rate a folder of images was taken at: it sets the frames' presentation times.
     *
     * @param fps positive
     * @return a changed copy
     */
    public VideoOptions withImageRate(double fps) {
        if (!(fps > 0) || Double.isInfinite(fps)) {
            throw new IllegalArgumentException("imageRate must be a positive number of frames per second, was " + fps);
        }
        return new VideoOptions(connectTimeout, readTimeout, reconnectFor, backoffFirst, backoffMax, rtspTransport,
                maxFrames, fps);
    }

    /** @return the connect time-out */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** @return the read time-out */
    public Duration readTimeout() {
        return readTimeout;
    }

    /** @return how long a lost stream is retried */
    public Duration reconnectFor() {
        return reconnectFor;
    }

    /** @return the first reconnect wait */
    public Duration backoffFirst() {
        return backoffFirst;
    }

    /** @return the longest reconnect wait */
    public Duration backoffMax() {
        return backoffMax;
    }

    /** @return the RTSP transport */
    public RtspTransport rtspTransport() {
        return rtspTransport;
    }

    /** @return the frame limit; {@link Long#MAX_VALUE} for none */
    public long maxFrames() {
        return maxFrames;
    }

    /** @return the image folders' rate */
    public double imageRate() {
        return imageRate;
    }

    private static Duration positive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, was " + d);
        }
        return d;
    }

    @Override
    public String toString() {
        return "VideoOptions[connect " + connectTimeout + ", read " + readTimeout + ", reconnect for " + reconnectFor
                + ", backoff " + backoffFirst + ".." + backoffMax + ", rtsp " + rtspTransport + ", max frames "
                + (maxFrames == Long.MAX_VALUE ? "none" : maxFrames) + ", image rate " + imageRate + "]";
    }
}
