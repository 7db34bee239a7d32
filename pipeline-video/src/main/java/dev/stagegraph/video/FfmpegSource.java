package dev.stagegraph.video;

import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * Any video FFmpeg decodes: a file ({@code file:PATH}) or a network stream ({@code rtsp://},
 * {@code http(s)://}, HLS). A stream is {@linkplain #live() live}: when it is lost (a read error, a
 * read time-out, or the server ending it) {@link #next} reconnects with exponential backoff for up to
 * {@link VideoOptions#reconnectFor()} and goes on, counting the outage and the frames it cost. A
 * stream whose container states its duration (a file served over HTTP, an HLS playlist with an end,
 * an RTSP recording) ends at its end instead, as a file does.
 *
 * <p>Presentation times come from the container ({@code best_effort_timestamp} in the stream's time
 * base), relative to the connection's first frame; each reconnect continues from the last frame's
 * time plus the outage's wall-clock length, so times stay strictly increasing across the run.
 */
final class FfmpegSource extends MadeFrames {
    private final String name;
    private final String url;
    private final Path file;
    private final VideoOptions options;
    private final Deadline deadline = new Deadline();
    private final BgrConverter converter = new BgrConverter();
    private Demuxer demuxer;
    private double fps = 25;
    private long length = -1;
    private long connectionFirstPts = AV_NOPTS_VALUE;
    private double nanosPerTick;
    private long connectionOffsetNanos;
    private long lastPtsNanos = -1;
    private long lastFrameWall;
    private String lastFailure = "";

    /** A file source; {@code file} is what the user gave. */
    static FfmpegSource file(Path file, VideoOptions options) {
        return new FfmpegSource("file:" + file, file.toString(), file, options);
    }

    /** A network stream source. */
    static FfmpegSource stream(String url, VideoOptions options) {
        return new FfmpegSource(Ff.redact(url), url, null, options);
    }

    private FfmpegSource(String name, String url, Path file, VideoOptions options) {
        this.name = name;
        this.url = url;
        this.file = file;
        this.options = options;
    }

    @Override
    public void open() throws VideoSourceException {
        if (file != null) {
            checkFile();
        }
        try {
            demuxer = connect();
        } catch (Demuxer.Failure f) {
            throw new VideoSourceException(name + ": " + f.getMessage() + advice(f), f);
        }
        connected();
        fps = demuxer.fps() > 0 ? demuxer.fps() : 25;
        length = file != null && demuxer.frameCount() > 0 ? Math.min(demuxer.frameCount(), options.maxFrames()) : -1;
    }

    private void checkFile() throws VideoSourceException {
        if (!Files.exists(file)) {
            throw new VideoSourceException(name + ": no such file (looked at " + file.toAbsolutePath() + ")");
        }
        if (Files.isDirectory(file)) {
            throw new VideoSourceException(name + ": is a folder, not a video; for a folder of images use dir:" + file);
        }
        if (!Files.isReadable(file)) {
            throw new VideoSourceException(name + ": cannot be read (no permission)");
        }
    }

    private Demuxer connect() throws Demuxer.Failure {
        Map<String, String> o = new HashMap<>();
        long readMicros = options.readTimeout().toNanos() / 1000;
        if (url.startsWith("rtsp://") || url.startsWith("rtsps://")) {
            o.put("rtsp_transport", options.rtspTransport() == VideoOptions.RtspTransport.UDP ? "udp" : "tcp");
            o.put("timeout", Long.toString(readMicros));
        } else if (file == null) {
            o.put("rw_timeout", Long.toString(readMicros));
        }
        return Demuxer.open(url, o, deadline, options.connectTimeout().toNanos(), options.readTimeout().toNanos(), live());
    }

    /** What to tell the user after {@code open} failed. */
    private String advice(Demuxer.Failure f) {
        if (file != null) {
            return f.getMessage().contains("no decoder") ? ": convert it, e.g. `ffmpeg -i " + file + " -c:v libx264 out.mp4`"
                    : "; check it with `ffprobe " + file + "` (is it a video? is it complete?)";
        }
        if (f.timedOut) {
            return " (connect time-out " + Ff.human(options.connectTimeout()) + "): check the URL (host, port, path),"
                    + " that the camera or server is up and streaming, and the network and firewall between; a slow"
                    + " server needs a longer time-out (VideoOptions.withConnectTimeout)";
        }
        return ": check the URL (host, port, path, credentials) and that the camera or server is up and streaming";
    }

    @Override
    public VideoFrame next(VideoFrame reuse) throws Exception {
        if (deliveredCount() >= options.maxFrames()) {
            return null;
        }
        while (true) {
            if (demuxer == null) {
                reconnect();
            }
            try {
                if (demuxer.next()) {
                    return deliver(demuxer.frame(), reuse);
                }
                if (file != null || demuxer.finite()) {
                    checkComplete();
                    return null;
                }
                dropConnection("the server ended the stream");
            } catch (Demuxer.Failure f) {
                if (f.interrupted) {
                    throw new InterruptedException(name + ": the read was interrupted");
                }
                if (file != null) {
                    throw new VideoSourceException(name + ": " + f.getMessage() + " after " + deliveredCount()
                            + " frames; the file is damaged", f);
                }
                dropConnection(f.getMessage() + (f.timedOut ? " (read time-out " + Ff.human(options.readTimeout()) + ")" : ""));
            }
        }
    }

    /**
     * At a file's end: a read that ended in an error (not the end of the file) means the file is
     * truncated or damaged. A frame count in the header is not trusted alone (AVI headers often list
     * one frame more than the file holds), but a file that ends before 90 % of it is damaged too.
     */
    private void checkComplete() throws VideoSourceException {
        long said = demuxer.frameCount();
        long got = deliveredCount();
        int error = demuxer.lastReadError();
        if (error != 0 || (said > 0 && got < said * 0.9)) {
            throw new VideoSourceException(name + ": ends after " + got + " frames" + (said > 0 ? " of the " + said
                    + " its header lists" : "") + (error != 0 ? " (FFmpeg: " + Ff.error(error) + ")" : "")
                    + ": the file is truncated or damaged; the frames read so far are valid");
        }
    }

    private VideoFrame deliver(AVFrame picture, VideoFrame reuse) {
        VideoFrame out = frame(reuse);
        converter.convert(picture, out);
        long now = System.nanoTime();
        long pts = picture.best_effort_timestamp();
        long t;
        if (pts == AV_NOPTS_VALUE) {
            t = lastPtsNanos < 0 ? 0 : lastPtsNanos + intervalNanos();
        } else {
            if (connectionFirstPts == AV_NOPTS_VALUE) {
                connectionFirstPts = pts;
                nanosPerTick = 1e9 * demuxer.timeBaseNum() / demuxer.timeBaseDen();
            }
            t = connectionOffsetNanos + Math.round((pts - connectionFirstPts) * nanosPerTick);
        }
        if (t <= lastPtsNanos) {
            t = lastPtsNanos + 1;
        }
        if (live() && lastPtsNanos >= 0) {
            lost(Math.round((double) (t - lastPtsNanos) / intervalNanos()) - 1);
        }
        lastPtsNanos = t;
        lastFrameWall = now;
        out.stamp(delivered(), t, name);
        return out;
    }

    private long intervalNanos() {
        return Math.round(1e9 / fps);
    }

    /** Ends the connection and starts an outage (or fails at once when reconnects are off). */
    private void dropConnection(String why) throws VideoSourceException {
        demuxer.close();
        demuxer = null;
        outage(lastFrameWall != 0 ? lastFrameWall : System.nanoTime());
        lastFailure = why;
        if (options.reconnectFor().isZero()) {
            throw new VideoSourceException(name + ": the stream was lost after " + deliveredCount() + " frames (" + why
                    + ") and reconnecting is off (VideoOptions.withReconnectFor)");
        }
    }

    /** Reconnects with exponential backoff until it works or the reconnect window has passed. */
    private void reconnect() throws VideoSourceException, InterruptedException {
        long start = System.nanoTime();
        long window = options.reconnectFor().toNanos();
        long wait = options.backoffFirst().toNanos();
        int attempts = 0;
        while (true) {
            long left = window - (System.nanoTime() - start);
            if (left <= 0) {
                throw new VideoSourceException(name + ": the stream was lost after " + deliveredCount() + " frames ("
                        + lastFailure + ") and did not come back within " + Ff.human(options.reconnectFor()) + " ("
                        + attempts + " attempts): check that the camera or server is up; allow longer outages with"
                        + " VideoOptions.withReconnectFor");
            }
            TimeUnit.NANOSECONDS.sleep(Math.min(wait, left));
            wait = Math.min(wait * 2, options.backoffMax().toNanos());
            attempts++;
            try {
                demuxer = connect();
                break;
            } catch (Demuxer.Failure f) {
                if (f.interrupted) {
                    throw new InterruptedException(name + ": reconnecting was interrupted");
                }
                lastFailure = f.getMessage();
            }
        }
        long gap = lastFrameWall == 0 ? 0 : System.nanoTime() - lastFrameWall;
        connectionOffsetNanos = lastPtsNanos + Math.max(gap, intervalNanos());
        connectionFirstPts = AV_NOPTS_VALUE;
        connected();
    }

    @Override
    public boolean live() {
        return file == null;
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public double framesPerSecond() {
        return fps;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void close() {
        if (demuxer != null) {
            demuxer.close();
            demuxer = null;
        }
        converter.close();
        deadline.release();
    }
}
