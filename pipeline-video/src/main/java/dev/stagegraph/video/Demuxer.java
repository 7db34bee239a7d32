package dev.stagegraph.video;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;

import java.util.Map;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.PointerPointer;

/**
 * One open connection to a video (a file or a stream): FFmpeg's demuxer and the decoder of its best
 * video stream. {@link #next()} decodes the next picture into {@link #frame()}. All native objects
 * (format and codec contexts, one packet, one frame) are allocated in {@link #open} and freed in
 * {@link #close}; nothing is allocated per frame. Used by one thread.
 */
final class Demuxer implements AutoCloseable {
    /** Why a call failed: the message says it in words; the flags say how the source should react. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        final boolean timedOut;
        final boolean interrupted;

        Failure(String message, boolean timedOut, boolean interrupted) {
            super(message);
            this.timedOut = timedOut;
            this.interrupted = interrupted;
        }
    }

    private final Deadline deadline;
    private final long readTimeoutNanos;
    private AVFormatContext format;
    private AVCodecContext codec;
    private AVPacket packet;
    private AVFrame frame;
    private int stream = -1;
    private int tbNum;
    private int tbDen;
    private double fps;
    private long frameCount;
    private boolean finite;
    private String codecName = "";
    private boolean draining;
    private int lastReadError;

    private Demuxer(Deadline deadline, long readTimeoutNanos) {
        this.deadline = deadline;
        this.readTimeoutNanos = readTimeoutNanos;
    }

    /**
     * Opens {@code url} and its decoder, all within {@code connectTimeoutNanos}.
     *
     * @param url what FFmpeg opens: a path or a URL
     * @param options FFmpeg options for the protocol and demuxer (e.g. {@code rtsp_transport})
     * @param live whether to decode for low latency (slice threads only)
     * @param deadline the time-out of each blocking call; released by its owner after the demuxer closed
     * @throws Failure if it cannot be opened; the message is FFmpeg's reason in words, without the input's name
     */
    static Demuxer open(String url, Map<String, String> options, Deadline deadline, long connectTimeoutNanos,
            long readTimeoutNanos, boolean live) throws Failure {
        Natives.loadFfmpeg();
        Demuxer d = new Demuxer(deadline, readTimeoutNanos);
        try {
            d.connect(url, options, connectTimeoutNanos, live);
            return d;
        } catch (Failure | RuntimeException e) {
            d.close();
            throw e;
        }
    }

    private void connect(String url, Map<String, String> options, long timeoutNanos, boolean live) throws Failure {
        format = avformat_alloc_context();
        deadline.install(format);
        AVDictionary dict = new AVDictionary(null);
        options.forEach((k, v) -> av_dict_set(dict, k, v, 0));
        deadline.arm(timeoutNanos);
        try {
            int r = avformat_open_input(format, url, null, dict);
            if (r < 0) {
                format = null; // avformat_open_input freed it
                throw failure("cannot be opened", r);
            }
            r = avformat_find_stream_info(format, (PointerPointer<?>) null);
            if (r < 0) {
                throw failure("opens, but its streams cannot be read", r);
            }
        } finally {
            deadline.disarm();
            av_dict_free(dict);
        }
        stream = av_find_best_stream(format, AVMEDIA_TYPE_VIDEO, -1, -1, (PointerPointer<?>) null, 0);
        if (stream < 0) {
            throw new Failure("holds no video stream (" + format.nb_streams() + " other streams): is it audio only?", false,
                    false);
        }
        AVStream st = format.streams(stream);
        int codecId = st.codecpar().codec_id();
        codecName = avcodec_get_name(codecId).getString();
        AVCodec decoder = avcodec_find_decoder(codecId);
        if (decoder == null) {
            throw new Failure("its video is " + codecName + ", which this FFmpeg build has no decoder for", false, false);
        }
        codec = avcodec_alloc_context3(decoder);
        int r = avcodec_parameters_to_context(codec, st.codecpar());
        if (r >= 0) {
            codec.thread_count(0);
            if (live) {
                codec.thread_type(AVCodecContext.FF_THREAD_SLICE); // frame threads would hold back a live picture per thread
            }
            r = avcodec_open2(codec, decoder, (PointerPointer<?>) null);
        }
        if (r < 0) {
            throw failure("its " + codecName + " decoder would not open", r);
        }
        tbNum = st.time_base().num();
        tbDen = st.time_base().den();
        fps = rate(st.avg_frame_rate());
        if (fps <= 0) {
            fps = rate(st.r_frame_rate());
        }
        frameCount = st.nb_frames();
        finite = format.duration() != AV_NOPTS_VALUE && format.duration() > 0;
        packet = av_packet_alloc();
        frame = av_frame_alloc();
    }

    private static double rate(AVRational r) {
        double fps = r.den() == 0 ? 0 : (double) r.num() / r.den();
        return fps > 0 && fps < 1000 ? fps : 0;
    }

    private Failure failure(String what, int code) {
        if (deadline.interrupted()) {
            return new Failure("was interrupted (the run is stopping)", false, true);
        }
        if (deadline.expired()) {
            return new Failure(what + ": no answer within the time-out", true, false);
        }
        return new Failure(what + " (FFmpeg: " + Ff.error(code) + ")", false, false);
    }

    /**
     * Decodes the next picture into {@link #frame()}.
     *
     * @return {@code false} at the end of the stream (the decoder is drained)
     * @throws Failure on a read error or a read that timed out; a corrupt packet is skipped
     */
    boolean next() throws Failure {
        while (true) {
            int r = avcodec_receive_frame(codec, frame);
            if (r == 0) {
                return true;
            }
            if (r == AVERROR_EOF || draining) {
                return false;
            }
            if (r != AVERROR_EAGAIN()) {
                throw failure("its video does not decode", r);
            }
            deadline.arm(readTimeoutNanos);
            r = av_read_frame(format, packet);
            deadline.disarm();
            if (r < 0) {
                if (deadline.interrupted() || deadline.expired()) {
                    throw failure("stopped sending", r);
                }
                if (r != AVERROR_EOF) {
                    lastReadError = r;
                }
                draining = true;
                avcodec_send_packet(codec, null);
                continue;
            }
            if (packet.stream_index() == stream) {
                avcodec_send_packet(codec, packet); // a corrupt packet: the decoder skips it, as ffmpeg does
            }
            av_packet_unref(packet);
        }
    }

    /** The decoded picture of the last successful {@link #next()}; owned by this demuxer. */
    AVFrame frame() {
        return frame;
    }

    /** The last read error other than the end of the file (e.g. a truncated file), or 0. */
    int lastReadError() {
        return lastReadError;
    }

    /** The stream's time base numerator. */
    int timeBaseNum() {
        return tbNum;
    }

    /** The stream's time base denominator. */
    int timeBaseDen() {
        return tbDen;
    }

    /** Frames per second from the headers, or 0 if they do not say. */
    double fps() {
        return fps;
    }

    /** The frame count from the headers, or 0 if they do not say. */
    long frameCount() {
        return frameCount;
    }

    /** Whether the input says how long it is: a file, a VOD playlist, a recording; not a live feed. */
    boolean finite() {
        return finite;
    }

    /** The video codec's name, e.g. {@code h264}. */
    String codecName() {
        return codecName;
    }

    /** Frees every native object; safe after a failed open and when called twice. */
    @Override
    public void close() {
        if (frame != null) {
            av_frame_free(frame);
            frame = null;
        }
        if (packet != null) {
            av_packet_free(packet);
            packet = null;
        }
        if (codec != null) {
            avcodec_free_context(codec);
            codec = null;
        }
        if (format != null) {
            avformat_close_input(format);
            format = null;
        }
    }
}
