package dev.stagegraph.samples.camera;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagegraph.video.VideoSourceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;

class SourcesTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void natives() {
        OpenCv.load();
    }

    /** Reads every frame of an opened source: pixels and truth, copied out. */
    private static List<Object[]> drain(Feed source) throws Exception {
        List<Object[]> frames = new ArrayList<>();
        source.open();
        try {
            Frame f = null;
            while ((f = source.next(f)) != null) {
                byte[] pixels = new byte[(int) (f.image.total() * f.image.channels())];
                f.image.get(0, 0, pixels);
                frames.add(new Object[] {pixels, f.truth()});
            }
        } finally {
            source.close();
            source.releaseFrames();
        }
        return frames;
    }

    @Test
    void syntheticShouldBeDeterministicForASeed() throws Exception {
        List<Object[]> a = drain(new SyntheticSource(160, 120, 30, 5, 4, false));
        List<Object[]> b = drain(new SyntheticSource(160, 120, 30, 5, 4, false));
        List<Object[]> c = drain(new SyntheticSource(160, 120, 30, 6, 4, false));
        assertEquals(30, a.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals((byte[]) a.get(i)[0], (byte[]) b.get(i)[0], "frame " + i);
            assertEquals(a.get(i)[1], b.get(i)[1], "truth of frame " + i);
        }
        assertFalse(java.util.Arrays.equals((byte[]) a.get(29)[0], (byte[]) c.get(29)[0]), "another seed, another feed");
    }

    @Test
    void syntheticShouldShowEveryKindInsideTheFrame() throws Exception {
        Set<Kind> seen = EnumSet.noneOf(Kind.class);
        for (Object[] frame : drain(new SyntheticSource(640, 360, 60, 9, 6, false))) {
            @SuppressWarnings("unchecked")
            List<Truth> truth = (List<Truth>) frame[1];
            for (Truth t : truth) {
                seen.add(t.kind());
                assertTrue(t.box().x() >= 0 && t.box().right() <= 640 && t.box().y() >= 0 && t.box().bottom() <= 360, t.toString());
            }
        }
        assertEquals(EnumSet.allOf(Kind.class), seen);
    }

    @Test
    void syntheticTimesShouldAdvanceAtItsFrameRate() throws Exception {
        SyntheticSource source = new SyntheticSource(160, 120, 3, 1, 2, false);
        source.open();
        try {
            List<Long> times = new ArrayList<>();
            Frame f = null;
            while ((f = source.next(f)) != null) {
                times.add(source.timestampNanos());
            }
            assertEquals(List.of(0L, 40_000_000L, 80_000_000L), times, "25 FPS from 0");
        } finally {
            source.close();
            source.releaseFrames();
        }
    }

    @Test
    void h264FileShouldBeReadThroughPipelineVideoIntoReusedFrames() throws Exception {
        Path clip = SharedData.require("intersection-640x480.mp4");
        Feed feed = Sources.create("file:" + clip, 40, 1, 320, 240);
        assertFalse(feed.live());
        feed.open();
        try {
            assertEquals(30, feed.framesPerSecond(), 1);
            Frame f = null;
            Frame first = null;
            long address = 0;
            long previous = -1;
            int frames = 0;
            while ((f = feed.next(f)) != null) {
                assertEquals(640, f.image.cols());
                assertEquals(480, f.image.rows());
                assertEquals(CvType.CV_8UC3, f.image.type());
                assertTrue(Core.mean(f.image).val[1] > 20, "real pixels, not an empty buffer");
                if (first == null) {
                    first = f;
                    address = f.image.dataAddr();
                }
                assertTrue(f == first && f.image.dataAddr() == address, "decoded into the same frame and buffer");
                assertTrue(feed.timestampNanos() > previous, "times increase");
                previous = feed.timestampNanos();
                frames++;
            }
            assertEquals(40, frames, "--frames 40");
        } finally {
            feed.close();
            feed.releaseFrames();
        }
    }

    /** FFmpeg decodes 340 frames of the pedestrian clip, as {@code ffprobe -count_frames} does (its header says 341). */
    @Test
    void fileShouldReadTheWholePedestrianClip() throws Exception {
        assertEquals(340, drain(Sources.create("file:" + SharedData.pedestrians(), -1, 1, 320, 240)).size());
    }

    @Test
    void missingFileShouldSayWhichFile() {
        Path missing = tmp.resolve("nowhere.mp4");
        VideoSourceException e = assertThrows(VideoSourceException.class, () -> Sources.create("file:" + missing, 10, 1, 320,
                240).open());
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void fileThatIsNotAVideoShouldSaySo() throws Exception {
        Path text = Files.writeString(tmp.resolve("notes.mp4"), "this is not a video, just text\n");
        VideoSourceException e = assertThrows(VideoSourceException.class, () -> Sources.create("file:" + text, 10, 1, 320,
                240).open());
        assertTrue(e.getMessage().contains(text.toString()), e.getMessage());
    }

    @Test
    void dirShouldReadImagesInNameOrder() throws Exception {
        int[] order = {3, 1, 2};
        for (int n : order) {
            Mat m = new Mat(40, 60, CvType.CV_8UC3, new Scalar(n * 50, 0, 0));
            Imgcodecs.imwrite(tmp.resolve("frame-" + n + ".png").toString(), m);
            m.release();
        }
        List<Object[]> frames = drain(Sources.create("dir:" + tmp, -1, 1, 320, 240));
        assertEquals(3, frames.size());
        for (int i = 0; i < 3; i++) {
            assertEquals((byte) ((i + 1) * 50), ((byte[]) frames.get(i)[0])[0], "frame " + i + " is frame-" + (i + 1) + ".png");
        }
    }

    @Test
    void absentCameraShouldSaySo() {
        VideoSourceException e = assertThrows(VideoSourceException.class, () -> Sources.create("camera:97", -1, 1, 320,
                240).open());
        assertTrue(e.getMessage().contains("camera:97"), e.getMessage());
    }

    @Test
    void specsShouldPickTheSource() {
        assertTrue(Sources.create("synthetic", -1, 1, 320, 240) instanceof SyntheticSource);
        assertEquals(Sources.SYNTHETIC_FRAMES, Sources.create("synthetic", -1, 1, 320, 240).length());
        assertTrue(Sources.create("camera:0", 5, 1, 320, 240).live());
        assertTrue(Sources.create("rtsp://127.0.0.1:1/cam", 5, 1, 320, 240).live());
        assertTrue(Sources.create("http://127.0.0.1:1/cam.ts", -1, 1, 320, 240).live());
        assertFalse(Sources.create("file:x.mp4", 5, 1, 320, 240).live());
        assertFalse(Sources.create("dir:x", 5, 1, 320, 240).live());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Sources.create("ftp://cam", 5, 1, 320, 240));
        assertTrue(e.getMessage().startsWith("--source: ") && e.getMessage().endsWith("or synthetic"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Sources.create("camera:front", 5, 1, 320, 240));
    }

    @Test
    void aSourceShouldFillTheFrameItIsGivenBack() throws Exception {
        SyntheticSource source = new SyntheticSource(160, 120, 3, 1, 2, false);
        source.open();
        try {
            Frame first = source.next(null);
            long address = first.image.dataAddr();
            Frame second = source.next(first);
            assertTrue(second == first && second.image.dataAddr() == address, "read into the same native buffer");
            assertTrue(source.next(second) != null);
            assertNull(source.next(second));
        } finally {
            source.close();
            source.releaseFrames();
        }
    }
}
