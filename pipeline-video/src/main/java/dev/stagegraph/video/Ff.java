package dev.stagegraph.video;

import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Small helpers for FFmpeg's error codes and for naming inputs in messages. */
final class Ff {
    private Ff() {}

    /** FFmpeg's text for an error code, e.g. "Connection refused". */
    static String error(int code) {
        byte[] buf = new byte[256];
        if (av_strerror(code, buf, buf.length) < 0) {
            return "FFmpeg error " + code;
        }
        int n = 0;
        while (n < buf.length && buf[n] != 0) {
            n++;
        }
        return new String(buf, 0, n, StandardCharsets.UTF_8);
    }

    /** A URL with its user and password replaced, fit for messages and logs. */
    static String redact(String url) {
        int scheme = url.indexOf("://");
        if (scheme < 0) {
            return url;
        }
        int hostStart = scheme + 3;
        int slash = url.indexOf('/', hostStart);
        int at = url.lastIndexOf('@', slash < 0 ? url.length() : slash);
        return at < hostStart ? url : url.substring(0, hostStart) + "***@" + url.substring(at + 1);
    }

    /** A duration as people write it: "3 s", "250 ms". */
    static String human(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }
}
