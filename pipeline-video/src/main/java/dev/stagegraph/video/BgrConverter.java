package dev.stagegraph.video;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.opencv.core.Mat;

/**
 * Converts decoded pictures (any pixel format) to BGR with swscale, writing straight into the
 * target {@link Mat}'s pixels: the one copy from the decoder to the frame. The scaler context is
 * cached (rebuilt only when the size or pixel format changes); the pointer arrays are allocated
 * once. Used by one thread.
 */
final class BgrConverter implements AutoCloseable {
    private final PointerPointer<Pointer> dst = new PointerPointer<>(4);
    private final IntPointer dstStride = new IntPointer(4);
    private final Natives.Borrowed target = new Natives.Borrowed();
    private SwsContext sws;

    /**
     * Fills {@code out}'s image with {@code picture}, resizing the image only if its size differs.
     *
     * @throws IllegalStateException if swscale cannot convert the picture's pixel format
     */
    void convert(AVFrame picture, VideoFrame out) {
        int w = picture.width();
        int h = picture.height();
        Mat m = out.ensure(w, h);
        sws = sws_getCachedContext(sws, w, h, picture.format(), w, h, AV_PIX_FMT_BGR24, SWS_BILINEAR, null, null,
                (DoublePointer) null);
        if (sws == null) {
            throw new IllegalStateException("swscale cannot convert pixel format " + picture.format() + " to BGR");
        }
        dst.put(0, target.at(m.dataAddr()));
        dstStride.put(0, w * 3);
        sws_scale(sws, picture.data(), picture.linesize(), 0, h, dst, dstStride);
    }

    @Override
    public void close() {
        if (sws != null) {
            sws_freeContext(sws);
            sws = null;
        }
        dst.close();
        dstStride.close();
    }
}
