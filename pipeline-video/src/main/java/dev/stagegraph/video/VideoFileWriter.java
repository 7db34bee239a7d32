package dev.stagegraph.video;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_GLOBAL_HEADER;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_from_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avformat.AVFMT_GLOBALHEADER;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

/**
 * Writes BGR frames as a video file with FFmpeg, each at its own presentation time:
 * <ul>
 * <li>{@code .mp4}, {@code .mov}, {@code .mkv}: H.264 (Cisco's OpenH264 encoder, the H.264 encoder
 *     in the LGPL FFmpeg build on Maven Central; browsers and players open it). The container keeps
 *     every frame's time to 1/90,000 s, so variable frame rates (a live stream with drops) play right.</li>
 * <li>{@code .avi}: MJPEG, which OpenCV's own reader opens too. AVI has a fixed frame rate: times
 *     are rounded to whole frame slots at {@code fps} (a gap becomes empty slots, kept by players).</li>
 * </ul>
 *
 * <p>Frames must come in order of strictly increasing time, which is the order a pipeline's sink
 * delivers them. Not thread-safe: one thread (the sink) calls {@link #write} and {@link #close}.
 * Native buffers (encoder, one picture, one packet) are allocated once in {@link #open}; writing a
 * frame allocates none. {@link #close} flushes the encoder and finishes the file; always call it.
 */
public final class VideoFileWriter implements AutoCloseable {
    private final Path file;
    private final int width;
    private final int height;
    private final String codecName;
    private final boolean mjpeg;
    private final double fps;
    private final PointerPointer<Pointer> src = new PointerPointer<>(4);
    private final IntPointer srcStride = new IntPointer(4);
    private final Natives.Borrowed pixels = new Natives.Borrowed();
    private AVFormatContext format;
    private AVCodecContext codec;
    private AVStream stream;
    private AVFrame picture;
    private AVPacket packet;
    private SwsContext sws;
    private long frames;
    private long lastTick = Long.MIN_VALUE;
    private boolean closed;

    private VideoFileWriter(Path file, int width, int height, double fps, String codecName, boolean mjpeg) {
        this.file = file;
        this.width = width;
        this.height = height;
        this.fps = fps;
        this.codecName = codecName;
        this.mjpeg = mjpeg;
    }

    /**
     * Creates (or replaces) {@code file}, choosing the codec from its extension (see the class comment).
     *
     * @param file ends in {@code .mp4}, {@code .mov}, {@code .mkv} or {@code .avi}
     * @param width frame width, even, positive
     * @param height frame height, even, positive
     * @param fps the nominal rate: the player's rate for AVI, the encoder's rate control for H.264
     * @return the open writer
     * @throws IOException if the file cannot be created or the encoder would not open
     * @throws IllegalArgumentException for another extension or an odd or non-positive size
     */
    public static VideoFileWriter open(Path file, int width, int height, double fps) throws IOException {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean avi = n.endsWith(".avi");
        if (!avi && !n.endsWith(".mp4") && !n.endsWith(".mov") && !n.endsWith(".mkv")) {
            throw new IllegalArgumentException(file + ": write .mp4, .mov or .mkv (H.264) or .avi (MJPEG)");
        }
        if (width <= 0 || height <= 0 || width % 2 != 0 || height % 2 != 0) {
            throw new IllegalArgumentException(file + ": the frame size must be positive and even, was " + width + "x"
                    + height);
        }
        if (!(fps > 0) || fps > 1000) {
            throw new IllegalArgumentException(file + ": fps must be in (0, 1000], was " + fps);
        }
        Natives.loadFfmpeg();
        Natives.loadOpenCv();
        VideoFileWriter w = new VideoFileWriter(file, width, height, fps, avi ? "mjpeg" : "libopenh264", avi);
        try {
            w.start();
            return w;
        } catch (IOException | RuntimeException e) {
            w.free();
            throw e;
        }
    }

    private void start() throws IOException {
        AVFormatContext oc = new AVFormatContext(null);
        check(avformat_alloc_output_context2(oc, null, null, file.toString()), "has no muxer");
        format = oc;
        AVCodec encoder = avcodec_find_encoder_by_name(codecName);
        if (encoder == null) {
            throw new IOException(file + ": this FFmpeg build has no " + codecName + " encoder");
        }
        stream = avformat_new_stream(format, null);
        codec = avcodec_alloc_context3(encoder);
        AVRational tb = EncoderSettings.apply(codec, width, height, fps, mjpeg);
        if ((format.oformat().flags() & AVFMT_GLOBALHEADER) != 0) {
            codec.flags(codec.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
        }
        check(avcodec_open2(codec, encoder, (PointerPointer<?>) null), "the " + codecName + " encoder would not open");
        check(avcodec_parameters_from_context(stream.codecpar(), codec), "cannot set the stream's parameters");
        stream.time_base(tb);
        stream.avg_frame_rate(codec.framerate());
        AVIOContext pb = new AVIOContext(null);
        check(avio_open(pb, file.toString(), AVIO_FLAG_WRITE), "cannot be created");
        format.pb(pb);
        check(avformat_write_header(format, (PointerPointer<?>) null), "cannot be written");
        picture = av_frame_alloc();
        picture.format(codec.pix_fmt()).width(width).height(height);
        check(av_frame_get_buffer(picture, 0), "cannot allocate a picture");
        packet = av_packet_alloc();
        sws = sws_getContext(width, height, AV_PIX_FMT_BGR24, width, height, codec.pix_fmt(), SWS_BILINEAR, null, null,
                (DoublePointer) null);
        srcStride.put(0, width * 3);
    }

    private void check(int r, String what) throws IOException {
        if (r < 0) {
            throw new IOException(file + ": " + what + " (FFmpeg: " + Ff.error(r) + ")");
        }
    }

    /**
     * Encodes one frame at {@code ptsNanos}.
     *
     * @param bgr {@code CV_8UC3}, the writer's size; read, not kept
     * @param ptsNanos the frame's presentation time, later than the previous frame's
     * @throws IOException if encoding or writing fails
     * @throws IllegalArgumentException if the image has the wrong size or type, or the time does
     *     not increase (for AVI: does not reach the next frame slot)
     * @throws IllegalStateException after {@link #close()}
     */
    public void write(Mat bgr, long ptsNanos) throws IOException {
        if (closed) {
            throw new IllegalStateException(file + ": the writer is closed");
        }
        if (bgr.cols() != width || bgr.rows() != height || bgr.type() != CvType.CV_8UC3) {
            throw new IllegalArgumentException(file + ": frames must be " + width + "x" + height + " CV_8UC3 (BGR), got "
                    + bgr.cols() + "x" + bgr.rows() + " type " + bgr.type());
        }
        long tick = mjpeg ? Math.round(ptsNanos * fps / 1e9) : Math.round(ptsNanos * (EncoderSettings.MP4_TICKS / 1e9));
        if (tick <= lastTick) {
            throw new IllegalArgumentException(file + ": frame times must increase" + (mjpeg ? " by at least one frame"
                    + " slot (1/" + fps + " s)" : "") + "; got " + ptsNanos + " ns after the previous frame");
        }
        Mat continuous = bgr.isContinuous() ? bgr : bgr.clone();
        try {
            check(av_frame_make_writable(picture), "cannot reuse its picture");
            src.put(0, pixels.at(continuous.dataAddr()));
            sws_scale(sws, src, srcStride, 0, height, picture.data(), picture.linesize());
        } finally {
            if (continuous != bgr) {
                continuous.release();
            }
        }
        picture.pts(tick);
        if (mjpeg) {
            picture.quality(codec.global_quality());
        }
        check(avcodec_send_frame(codec, picture), "cannot encode frame " + frames);
        drain();
        lastTick = tick;
        frames++;
    }

    /**
     * Encodes a decoded frame at its own presentation time.
     *
     * @param frame the frame; read, not kept
     * @throws IOException if encoding or writing fails
     */
    public void write(VideoFrame frame) throws IOException {
        write(frame.image(), frame.ptsNanos());
    }

    private void drain() throws IOException {
        while (true) {
            int r = avcodec_receive_packet(codec, packet);
            if (r == AVERROR_EAGAIN() || r == AVERROR_EOF) {
                return;
            }
            check(r, "cannot encode");
            av_packet_rescale_ts(packet, codec.time_base(), stream.time_base());
            packet.stream_index(stream.index());
            check(av_interleaved_write_frame(format, packet), "cannot be written (disk full?)");
        }
    }

    /** @return frames written so far */
    public long frames() {
        return frames;
    }

    /** @return the encoder's name: {@code libopenh264} (H.264) or {@code mjpeg} */
    public String codec() {
        return codecName;
    }

    /**
     * Flushes the encoder, finishes the file and frees the native buffers. Later calls do nothing.
     *
     * @throws IOException if the file's end cannot be written
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            check(avcodec_send_frame(codec, null), "cannot flush the encoder");
            drain();
            check(av_write_trailer(format), "cannot be finished");
        } finally {
            free();
        }
    }

    private void free() {
        closed = true;
        if (sws != null) {
            sws_freeContext(sws);
        }
        if (packet != null) {
            av_packet_free(packet);
        }
        if (picture != null) {
            av_frame_free(picture);
        }
        if (codec != null) {
            avcodec_free_context(codec);
        }
        if (format != null) {
            if (format.pb() != null) {
                avio_closep(format.pb());
            }
            avformat_free_context(format);
        }
        src.close();
        srcStride.close();
    }
}
