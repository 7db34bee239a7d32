package dev.stagegraph.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writing decoded frames back out: ffprobe reads the same number of frames with the source's
 * timestamps, H.264 in MP4 (to 1/90,000 s, also with a gap) and MJPEG in AVI (to the frame slot),
 * and our own source decodes the result close to the input.
 */
class WriterTest {
    private static final int N = 50;

    @TempDir
    Path tmp;

    @Test
    void mp4_holdsEveryFrameAtItsTime_evenAcrossAGap() throws Exception {
        Path out = tmp.resolve("out.mp4");
        List<Long> times = copy(Media.intersection(), out, 30, true);
        assertEquals("h264", Media.probeCodec(out));
        checkTimes(out, times, 1.0 / 90_000);
    }

    @Test
    void avi_holdsEveryFrameAtItsSlot() throws Exception {
        Path out = tmp.resolve("out.avi");
        List<Long> times = copy(Media.pedestrians(), out, 25, false);
        assertEquals("mjpeg", Media.probeCodec(out));
        checkTimes(out, times, 0.5 / 25);
    }

    @Test
    void timesThatDoNotIncrease_areRefused() throws Exception {
        Path out = tmp.resolve("bad.mp4");
        try (VideoSource source = closingSource(Media.intersection());
                VideoFileWriter w = VideoFileWriter.open(out, 640, 480, 30)) {
            VideoFrame f = source.next(null);
            w.write(f.image(), 1_000_000);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> w.write(f.image(), 1_000_000));
            assertTrue(e.getMessage().contains("must increase"), e.getMessage());
        }
    }

    /** Decodes N frames of {@code clip} and writes them with their times (a 10-frame gap after frame 20 if asked). */
    private static List<Long> copy(Path clip, Path out, double fps, boolean gap) throws Exception {
        List<Long> times = new ArrayList<>();
        try (VideoSource source = closingSource(clip)) {
            VideoFrame reuse = null;
            VideoFileWriter w = null;
            for (int i = 0; i < N + (gap ? 10 : 0); i++) {
                VideoFrame f = source.next(reuse);
                reuse = f;
                if (gap && i >= 20 && i < 30) {
                    continue;
                }
                if (w == null) {
                    w = VideoFileWriter.open(out, f.width(), f.height(), fps);
                }
                w.write(f);
                times.add(f.ptsNanos());
            }
            assertEquals(N, w.frames());
            w.close();
        }
        assertEquals(N, times.size());
        return times;
    }

    private static void checkTimes(Path out, List<Long> written, double tolerance) throws Exception {
        assertEquals(N, Media.probeFrames(out), "ffprobe's frame count of " + out.getFileName());
        List<Double> read = Media.probeTimes(out);
        assertEquals(N, read.size());
        double first = read.get(0);
        for (int i = 0; i < N; i++) {
            double want = written.get(i) / 1e9;
            assertEquals(want, read.get(i) - first, tolerance + 1e-9, "frame " + i + "'s time");
        }
    }

    /** An open file source that also releases its frames when closed (fine here: nothing else holds them). */
    private static VideoSource closingSource(Path clip) throws Exception {
        VideoSource s = VideoSources.create("file:" + clip);
        s.open();
        return new VideoSource() {
            @Override
            public VideoFrame next(VideoFrame reuse) throws Exception {
                return s.next(reuse);
            }

            @Override
            public String name() {
                return s.name();
            }

            @Override
            public double framesPerSecond() {
                return s.framesPerSecond();
            }

            @Override
            public StreamStats stats() {
                return s.stats();
            }

            @Override
            public void releaseFrames() {
                s.releaseFrames();
            }

            @Override
            public void close() {
                s.close();
                s.releaseFrames();
            }
        };
    }
}
