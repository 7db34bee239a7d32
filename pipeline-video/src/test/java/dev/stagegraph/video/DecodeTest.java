package dev.stagegraph.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.EOFException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.CvType;

/**
 * Decoding real footage through FFmpeg's libraries: the frame count equals ffprobe's, presentation
 * times strictly increase, and the pixels match the ffmpeg tool's own BGR decode (PSNR floor
 * {@value #PSNR_FLOOR_DB} dB; both run libavcodec then swscale, so they differ only in swscale's
 * rounding).
 */
class DecodeTest {
    /** The lowest PSNR accepted against ffmpeg's own decode of the same frame. */
    static final double PSNR_FLOOR_DB = 40;
    /** How many leading frames are compared pixel by pixel (all frames are counted). */
    private static final int COMPARED = 40;

    @TempDir
    static Path tmp;

    static Path hevcMkv;
    static Path vp9Webm;

    @BeforeAll
    static void convert() throws Exception {
        Path pedestrians = Media.pedestrians();
        hevcMkv = tmp.resolve("pedestrians-hevc.mkv");
        vp9Webm = tmp.resolve("pedestrians-vp9.webm");
        Media.ffmpeg(120, "-i", pedestrians.toString(), "-frames:v", "120", "-c:v", "libx265", "-preset", "ultrafast",
                "-x265-params", "log-level=error", "-pix_fmt", "yuv420p", hevcMkv.toString());
        Media.ffmpeg(120, "-i", pedestrians.toString(), "-frames:v", "120", "-c:v", "libvpx-vp9", "-deadline", "realtime",
                "-cpu-used", "8", "-b:v", "1M", "-pix_fmt", "yuv420p", vp9Webm.toString());
    }

    @Test
    void h264Mp4_decodesEveryFrameCloseToFfmpeg() throws Exception {
        checkClip(Media.intersection(), "h264", 640, 480);
    }

    @Test
    void hevcMkv_decodesEveryFrameCloseToFfmpeg() throws Exception {
        checkClip(hevcMkv, "hevc", 640, 360);
    }

    @Test
    void vp9Webm_decodesEveryFrameCloseToFfmpeg() throws Exception {
        checkClip(vp9Webm, "vp9", 640, 360);
    }

    @Test
    void mjpegAvi_decodesEveryFrameCloseToFfmpeg() throws Exception {
        checkClip(Media.pedestrians(), "mjpeg", 640, 360);
    }

    @Test
    void mpeg4Mov_decodesEveryFrameCloseToFfmpeg() throws Exception {
        Path mov = tmp.resolve("pedestrians-mpeg4.mov");
        Media.ffmpeg(120, "-i", Media.pedestrians().toString(), "-frames:v", "60", "-c:v", "mpeg4", "-q:v", "4", mov.toString());
        checkClip(mov, "mpeg4", 640, 360);
    }

    private static void checkClip(Path clip, String codec, int width, int height) throws Exception {
        assertEquals(codec, Media.probeCodec(clip), "the test clip's codec");
        long expected = Media.probeFrames(clip);
        Process reference = new ProcessBuilder("ffmpeg", "-nostdin", "-loglevel", "error", "-i", clip.toString(), "-fps_mode", "passthrough", "-frames:v",
                Integer.toString(COMPARED), "-f", "rawvideo", "-pix_fmt", "bgr24", "-").redirectError(
                ProcessBuilder.Redirect.DISCARD).start();
        byte[] ours = new byte[width * height * 3];
        byte[] theirs = new byte[ours.length];
        double worst = Double.POSITIVE_INFINITY;
        long frames = 0;
        long lastPts = -1;
        VideoSource source = VideoSources.create("file:" + clip);
        try (DataInputStream ref = new DataInputStream(reference.getInputStream())) {
            source.open();
            assertFalse(source.live(), "a file is not live");
            VideoFrame reuse = null;
            for (VideoFrame f; (f = source.next(reuse)) != null; reuse = f) {
                assertTrue(reuse == null || f == reuse, "the source fills the frame it is handed back");
                assertEquals(frames, f.index(), "frame indices count up without gaps");
                assertTrue(f.ptsNanos() > lastPts, "presentation times strictly increase: frame " + frames + " at "
                        + f.ptsNanos() + " ns after " + lastPts);
                assertEquals(CvType.CV_8UC3, f.image().type());
                assertEquals(width, f.width());
                assertEquals(height, f.height());
                lastPts = f.ptsNanos();
                if (frames < COMPARED) {
                    f.image().get(0, 0, ours);
                    try {
                        ref.readFully(theirs);
                    } catch (EOFException e) {
                        throw new AssertionError("ffmpeg decoded fewer than " + COMPARED + " frames of " + clip, e);
                    }
                    worst = Math.min(worst, Media.psnr(ours, theirs));
                }
                frames++;
            }
            assertNotNull(reuse, "decoded at least one frame");
        } finally {
            source.close();
            source.releaseFrames();
            reference.destroy();
            assertTrue(reference.waitFor(10, TimeUnit.SECONDS), "the reference ffmpeg ended");
        }
        assertEquals(expected, frames, "frames decoded vs ffprobe's count for " + clip.getFileName());
        assertTrue(source.length() == -1 || Math.abs(source.length() - expected) <= 1, "length() " + source.length() + " vs " + expected);
        assertTrue(worst >= PSNR_FLOOR_DB, "PSNR against ffmpeg's own decode fell to " + worst + " dB (floor "
                + PSNR_FLOOR_DB + ")");
        System.out.printf("%s: %d frames, worst PSNR %.1f dB over the first %d%n", clip.getFileName(), frames, worst,
                COMPARED);
    }

}
