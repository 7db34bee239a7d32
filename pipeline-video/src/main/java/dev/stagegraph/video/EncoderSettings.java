package dev.stagegraph.video;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_QSCALE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ420P;
import static org.bytedeco.ffmpeg.global.avutil.FF_QP2LAMBDA;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;

import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avutil.AVRational;

/**
 * The encoder settings of a {@link VideoFileWriter} per codec. H.264: a 1/{@value #MP4_TICKS} s time
 * base, so every frame keeps its own time, YUV 4:2:0 and a bit rate from the size and rate. MJPEG
 * (AVI): a time base of one frame slot at {@code fps}, full-range YUV 4:2:0 and a fixed quality.
 * Both: a key frame every second, no B-frames.
 *
 * <p>Stateless; called once per writer, on the thread that opens it, before the encoder opens.
 */
final class EncoderSettings {
    /** The H.264 time base's ticks per second. */
    static final int MP4_TICKS = 90_000;

    private EncoderSettings() {}

    /** Sets the size, time base, frame rate, pixel format and rate control of {@code codec}; returns the time base. */
    static AVRational apply(AVCodecContext codec, int width, int height, double fps, boolean mjpeg) {
        int rate = (int) Math.round(fps);
        AVRational tb = mjpeg ? av_make_q(1000, (int) Math.round(fps * 1000)) : av_make_q(1, MP4_TICKS);
        codec.width(width).height(height).time_base(tb).framerate(av_make_q((int) Math.round(fps * 1000), 1000));
        codec.pix_fmt(mjpeg ? AV_PIX_FMT_YUVJ420P : AV_PIX_FMT_YUV420P).gop_size(Math.max(1, rate)).max_b_frames(0);
        if (mjpeg) {
            codec.flags(codec.flags() | AV_CODEC_FLAG_QSCALE).global_quality(FF_QP2LAMBDA * 3);
        } else {
            codec.bit_rate(Math.max(500_000L, Math.round(width * (double) height * fps * 0.12)));
        }
        return tb;
    }
}
