package dev.stagegraph.video;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * Makes a {@link VideoSource} from a source string, the way a user names a video:
 *
 * <table>
 * <caption>Source strings</caption>
 * <tr><th>string</th><th>source</th><th>live</th></tr>
 * <tr><td>{@code file:PATH} or a plain path</td><td>a video file FFmpeg decodes (H.264, H.265, VP9,
 *     MPEG-4, MJPEG, ... in MP4, MKV, WebM, AVI, MOV, MPEG-TS)</td><td>no</td></tr>
 * <tr><td>{@code rtsp://HOST[:PORT]/PATH}</td><td>an RTSP stream (an IP camera), over TCP unless
 *     {@link VideoOptions#withRtspTransport} says UDP</td><td>yes</td></tr>
 * <tr><td>{@code http://...}, {@code https://...}</td><td>an HTTP stream: MPEG-TS, an HLS playlist
 *     ({@code .m3u8}), MJPEG, or a file served over HTTP</td><td>yes</td></tr>
 * <tr><td>{@code camera:N}</td><td>camera N through OpenCV (V4L2 on Linux)</td><td>yes</td></tr>
 * <tr><td>{@code dir:FOLDER}</td><td>the images in a folder, in name order</td><td>no</td></tr>
 * </table>
 *
 * <p>A live source's frames are dropped (and counted) by the runtime when the pipeline is behind; a
 * network stream reconnects after an outage (see {@link VideoOptions}). Making a source opens
 * nothing: {@code open} does, and fails with a {@link VideoSourceException} that names the input.
 */
public final class VideoSources {
    private VideoSources() {}

    /**
     * A new, unopened source with the {@linkplain VideoOptions#defaults() default options}.
     *
     * @param spec the source string (see the class comment)
     * @return the source; each run needs its own
     * @throws IllegalArgumentException if {@code spec} is empty or malformed (e.g. {@code camera:x})
     */
    public static VideoSource create(String spec) {
        return create(spec, VideoOptions.defaults());
    }

    /**
     * A new, unopened source.
     *
     * @param spec the source string (see the class comment)
     * @param options time-outs, reconnects, RTSP transport, frame limit
     * @return the source; each run needs its own
     * @throws IllegalArgumentException if {@code spec} is empty or malformed (e.g. {@code camera:x})
     */
    public static VideoSource create(String spec, VideoOptions options) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(options, "options");
        String s = spec.strip();
        String lower = s.toLowerCase(Locale.ROOT);
        if (s.isEmpty()) {
            throw new IllegalArgumentException("the video source is empty: give file:PATH, rtsp://..., http(s)://...,"
                    + " camera:N or dir:FOLDER");
        }
        if (lower.startsWith("rtsp://") || lower.startsWith("rtsps://") || lower.startsWith("http://")
                || lower.startsWith("https://")) {
            return FfmpegSource.stream(s, options);
        }
        if (lower.startsWith("camera:")) {
            try {
                return new CameraSource(Integer.parseInt(s.substring(7)), options);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("camera:N needs a camera index, e.g. camera:0, was '" + spec + "'", e);
            }
        }
        if (lower.startsWith("dir:")) {
            return new ImageDirSource(Path.of(nonEmpty(s.substring(4), spec)), options);
        }
        if (lower.startsWith("file:")) {
            return FfmpegSource.file(Path.of(nonEmpty(s.substring(5), spec)), options);
        }
        if (s.matches("^[a-zA-Z][a-zA-Z0-9+.-]+://.*")) {
            throw new IllegalArgumentException("unsupported video source '" + Ff.redact(spec) + "': use file:PATH,"
                    + " rtsp://..., http(s)://..., camera:N or dir:FOLDER");
        }
        return FfmpegSource.file(Path.of(s), options);
    }

    private static String nonEmpty(String rest, String spec) {
        if (rest.isEmpty()) {
            throw new IllegalArgumentException("'" + spec + "' names no path: e.g. file:clip.mp4 or dir:frames");
        }
        return rest;
    }
}
