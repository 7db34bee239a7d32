package dev.stagegraph.video;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_QUIET;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;

import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.javacpp.Pointer;

/**
 * Loads the native libraries once per JVM: OpenCV ({@code nu.pattern.OpenCV.loadLocally()} extracts
 * the library for this platform from the jar; its sibling {@code loadShared()} needs reflection Java
 * 12+ forbids) and FFmpeg (JavaCPP loads it on first use of its classes). FFmpeg's log goes to the
 * process's stderr; it is set to errors only, or silent with {@code -Dstagegraph.video.ffmpegLog=quiet}.
 */
final class Natives {
    private Natives() {}

    /** Loads OpenCV's natives; later calls return at once. Safe from any thread. */
    static void loadOpenCv() {
        OpenCvHolder.touch();
    }

    /** Loads FFmpeg's natives and initialises its network layer; later calls return at once. */
    static void loadFfmpeg() {
        FfmpegHolder.touch();
    }

    /** The class initialiser runs once, under the JVM's class-init lock. */
    private static final class OpenCvHolder {
        static {
            nu.pattern.OpenCV.loadLocally();
        }

        private OpenCvHolder() {}

        static void touch() {
            // initialising the class is the work
        }
    }

    /** The class initialiser runs once, under the JVM's class-init lock. */
    private static final class FfmpegHolder {
        static {
            av_log_set_level("quiet".equals(System.getProperty("stagegraph.video.ffmpegLog")) ? AV_LOG_QUIET : AV_LOG_ERROR);
            avformat.avformat_network_init();
        }

        private FfmpegHolder() {}

        static void touch() {
            // initialising the class is the work
        }
    }

    /**
     * A JavaCPP pointer to memory someone else owns (an OpenCV {@code Mat}'s pixels): it never frees
     * it. One object is kept and re-aimed, so pointing FFmpeg at a frame allocates nothing.
     */
    static final class Borrowed extends Pointer {
        Borrowed() {
            super((Pointer) null);
        }

        /** Aims this pointer at {@code at}. */
        Borrowed at(long at) {
            this.address = at;
            return this;
        }
    }
}
