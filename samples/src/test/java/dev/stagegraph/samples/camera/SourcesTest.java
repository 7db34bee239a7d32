package dev.stagegraph.samples.camera;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
    private static List<Object[]> drain(MatSource source) throws Exception {
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
    void fileShouldReadTheWholePedestrianClip() throws Exception {
        MatSource source = new VideoFileSource(SharedData.pedestrians(), Long.MAX_VALUE);
        source.open();
        try {
            assertEquals(341, source.length());
            assertEquals(25, source.framesPerSecond(), 0.01);
            Frame f = null;
            int frames = 0;
            while ((f = source.next(f)) != null) {
                assertEquals(640, f.image.cols());
                assertEquals(360, f.image.rows());
                assertEquals(CvType.CV_8UC3, f.image.type());
                frames++;
            }
            assertEquals(341, frames);
        } finally {
            source.close();
            source.releaseFrames();
        }
    }

    @Test
    void fileShouldStopAtTheFrameLimit() throws Exception {
        assertEquals(12, drain(new VideoFileSource(SharedData.pedestrians(), 12)).size());
    }

    @Test
    void missingFileShouldSayWhichFile() {
        Path missing = tmp.resolve("nowhere.avi");
        SourceException e = assertThrows(SourceException.class, () -> new VideoFileSource(missing, 10).open());
        assertTrue(e.getMessage().contains("file:" + missing) && e.getMessage().contains("no such file"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void fileThatIsNotAVideoShouldSayHowToConvert() throws Exception {
        Path text = Files.writeString(tmp.resolve("notes.avi"), "this is not a video, just text\n");
        SourceException e = assertThrows(SourceException.class, () -> new VideoFileSource(text, 10).open());
        assertTrue(e.getMessage().contains(text.toString()) && e.getMessage().contains("ffmpeg -i in.mp4 -c:v mjpeg -q:v 5 out.avi"),
                e.getMessage());
    }

    @Test
    void h264VideoShouldSayThisBuildCannotDecodeIt() throws Exception {
        for (String name : new String[] {"h264.avi", "h264.mp4"}) {
            Path video = Ffmpeg.h264(tmp.resolve(name));
            SourceException e = assertThrows(SourceException.class, () -> new VideoFileSource(video, 10).open());
            assertTrue(e.getMessage().contains(video.toString()) && e.getMessage().contains("MJPEG")
                    && e.getMessage().contains("ffmpeg -i in.mp4 -c:v mjpeg -q:v 5 out.avi"), e.getMessage());
        }
    }

    @Test
    void dirShouldReadImagesInNameOrder() throws Exception {
        int[] order = {3, 1, 2};
        for (int n : order) {
            Mat m = new Mat(40, 60, CvType.CV_8UC3, new Scalar(n * 50, 0, 0));
            Imgcodecs.imwrite(tmp.resolve("frame-" + n + ".png").toString(), m);
            m.release();
        }
        Files.writeString(tmp.resolve("readme.txt"), "not an image");
        List<Object[]> frames = drain(new ImageDirSource(tmp, Long.MAX_VALUE, 25));
        assertEquals(3, frames.size());
        for (int i = 0; i < 3; i++) {
            assertEquals((byte) ((i + 1) * 50), ((byte[]) frames.get(i)[0])[0], "frame " + i + " is frame-" + (i + 1) + ".png");
        }
    }

    @Test
    void dirWithoutImagesShouldSaySo() throws Exception {
        SourceException e = assertThrows(SourceException.class, () -> new ImageDirSource(tmp, 10, 25).open());
        assertTrue(e.getMessage().contains("dir:" + tmp) && e.getMessage().contains("no images"), e.getMessage());
    }

    @Test
    void absentCameraShouldSaySo() {
        SourceException e = assertThrows(SourceException.class, () -> new CameraDeviceSource(97, 10).open());
        assertTrue(e.getMessage().startsWith("camera:97: "), e.getMessage());
    }

    @Test
    void specsShouldPickTheSource() {
        assertTrue(Sources.create("synthetic", -1, 1, 320, 240) instanceof SyntheticSource);
        assertEquals(Sources.SYNTHETIC_FRAMES, Sources.create("synthetic", -1, 1, 320, 240).length());
        assertTrue(Sources.create("camera:0", 5, 1, 320, 240).live());
        assertTrue(Sources.create("file:x.avi", 5, 1, 320, 240) instanceof VideoFileSource);
        assertTrue(Sources.create("dir:x", 5, 1, 320, 240) instanceof ImageDirSource);
        assertThrows(IllegalArgumentException.class, () -> Sources.create("rtsp://cam", 5, 1, 320, 240));
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
