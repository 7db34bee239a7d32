package dev.stagegraph.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;

/** Native memory: decoding reuses one buffer per frame object, and every frame's Mat is released once. */
class OwnershipTest {
    /**
     * Growth of the process's resident memory allowed after warm-up over 2,727 frames (measured: under
     * 1 MB). A packet leaked per frame exceeds it (tried: 14 MB over the same frames), as does a
     * picture leaked per frame.
     */
    private static final long RSS_BOUND_KB = 4 * 1024;

    @TempDir
    Path tmp;

    @Test
    void longDecode_keepsNativeMemoryFlat() throws Exception {
        Path clip = Media.intersection();
        VideoFrame frame = new VideoFrame();
        long pixels = decodeAll(clip, frame, -1);
        decodeAll(clip, frame, pixels);
        long warm = rssKb();
        long frames = 0;
        for (int pass = 0; pass < 3; pass++) {
            frames += decodeAll(clip, frame, pixels);
        }
        long grown = rssKb() - warm;
        frame.close();
        assertEquals(3 * 909, frames);
        System.out.printf("resident memory after warm-up grew %d kB over %d frames%n", grown, frames);
        assertTrue(grown < RSS_BOUND_KB, "resident memory grew " + grown + " kB over " + frames
                + " frames after warm-up (bound " + RSS_BOUND_KB + " kB)");
    }

    /** Decodes the whole clip into {@code frame} with a fresh source; the image buffer never moves. */
    private static long decodeAll(Path clip, VideoFrame frame, long expectedAddress) throws Exception {
        VideoSource s = VideoSources.create("file:" + clip);
        long n = 0;
        try {
            s.open();
            for (VideoFrame f; (f = s.next(frame)) != null; n++) {
                assertSame(frame, f, "the source fills the frame it is given");
                if (expectedAddress != -1) {
                    assertEquals(expectedAddress, f.image().dataAddr(), "the image buffer is reused, not reallocated");
                }
            }
        } finally {
            s.close();
            s.releaseFrames();
        }
        assertFalse(frame.closed(), "a frame the caller passed in is the caller's, not released by releaseFrames");
        return expectedAddress == -1 ? frame.image().dataAddr() : n;
    }

    private static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS in /proc/self/status");
    }

    @Test
    void closeReleasesTheMatOnce_andReleaseFramesClosesWhatTheSourceMade() throws Exception {
        VideoSource s = VideoSources.create("file:" + Media.pedestrians());
        List<VideoFrame> made = new ArrayList<>();
        try {
            s.open();
            for (int i = 0; i < 4; i++) {
                made.add(s.next(null));
            }
        } finally {
            s.close();
        }
        VideoFrame first = made.get(0);
        Mat image = first.image();
        assertNotEquals(0, image.dataAddr());
        first.close();
        assertEquals(0, image.dataAddr(), "close released the native buffer");
        assertTrue(first.closed());
        first.close();
        assertThrows(IllegalStateException.class, first::image, "a closed frame's image can't be used");
        s.releaseFrames();
        for (VideoFrame f : made) {
            assertTrue(f.closed(), "releaseFrames closed " + f);
        }
        s.releaseFrames();
    }

    @Test
    void imageFolder_readsInNameOrderAtItsRate() throws Exception {
        Media.ffmpeg(60, "-i", Media.pedestrians().toString(), "-frames:v", "5", tmp.resolve("%03d.png").toString());
        VideoSource s = VideoSources.create("dir:" + tmp, VideoOptions.defaults().withImageRate(10));
        try {
            s.open();
            assertEquals(5, s.length());
            VideoFrame reuse = null;
            for (int i = 0; i < 5; i++) {
                VideoFrame f = s.next(reuse);
                assertEquals(i, f.index());
                assertEquals(i * 100_000_000L, f.ptsNanos());
                assertEquals(640, f.width());
                reuse = f;
            }
            assertEquals(null, s.next(reuse));
        } finally {
            s.close();
            s.releaseFrames();
        }
    }
}
