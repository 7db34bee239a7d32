package dev.stagegraph.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inputs that cannot be read end with one clear line naming the input; frames delivered before stay valid. */
class BadInputTest {
    @TempDir
    Path tmp;

    @Test
    void missingFile_namesWhereItLooked() {
        Path missing = tmp.resolve("nope.mp4");
        VideoSourceException e = assertThrows(VideoSourceException.class, () -> open("file:" + missing));
        assertEquals("file:" + missing + ": no such file (looked at " + missing.toAbsolutePath() + ")", e.getMessage());
    }

    @Test
    void folder_pointsToDir() throws Exception {
        VideoSourceException e = assertThrows(VideoSourceException.class, () -> open(tmp.toString()));
        assertTrue(e.getMessage().contains("for a folder of images use dir:" + tmp), e.getMessage());
    }

    @Test
    void textFile_isNotAVideo() throws Exception {
        Path text = Files.writeString(tmp.resolve("notes.mp4"), "these are not the frames you are looking for\n");
        VideoSourceException e = assertThrows(VideoSourceException.class, () -> open("file:" + text));
        assertTrue(e.getMessage().startsWith("file:" + text + ": cannot be opened (FFmpeg: Invalid data found"),
                e.getMessage());
        assertTrue(e.getMessage().contains("ffprobe " + text), "says how to check it: " + e.getMessage());
    }

    @Test
    void truncatedMp4WithItsIndexAtTheEnd_failsAtOpen() throws Exception {
        Path clip = Media.intersection();
        Path cut = tmp.resolve("cut.mp4");
        Files.write(cut, java.util.Arrays.copyOf(Files.readAllBytes(clip), (int) (Files.size(clip) / 2)));
        VideoSourceException e = assertThrows(VideoSourceException.class, () -> open("file:" + cut));
        assertTrue(e.getMessage().startsWith("file:" + cut + ": cannot be opened"), e.getMessage());
        assertTrue(e.getMessage().contains("is it complete?"), e.getMessage());
    }

    @Test
    void truncatedMp4WithItsIndexFirst_deliversWhatIsThereThenFails() throws Exception {
        Path faststart = tmp.resolve("faststart.mp4");
        Media.ffmpeg(60, "-i", Media.intersection().toString(), "-c", "copy", "-movflags", "+faststart", faststart.toString());
        Path cut = tmp.resolve("cut-faststart.mp4");
        Files.write(cut, java.util.Arrays.copyOf(Files.readAllBytes(faststart), (int) (Files.size(faststart) / 2)));
        VideoSource source = VideoSources.create("file:" + cut);
        List<VideoFrame> kept = new ArrayList<>();
        List<Long> sums = new ArrayList<>();
        try {
            source.open();
            assertEquals(909, source.length(), "the header still lists every frame");
            VideoSourceException e = assertThrows(VideoSourceException.class, () -> {
                for (VideoFrame f; (f = source.next(null)) != null; ) {
                    kept.add(f);
                    sums.add(checksum(f));
                }
            });
            assertTrue(e.getMessage().startsWith("file:" + cut + ": ends after " + kept.size() + " frames of the 909"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("truncated or damaged"), e.getMessage());
            assertTrue(kept.size() > 100, "most of the first half decoded: " + kept.size());
            for (int i = 0; i < kept.size(); i++) {
                VideoFrame f = kept.get(i);
                assertFalse(f.closed());
                assertEquals(i, f.index());
                assertEquals(sums.get(i), checksum(f), "frame " + i + " is unchanged after the failure");
            }
        } finally {
            source.close();
            source.releaseFrames();
        }
        assertTrue(kept.stream().allMatch(VideoFrame::closed), "releaseFrames closed every frame the source made");
    }

    @Test
    void malformedSpecs_sayWhatIsExpected() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> VideoSources.create("camera:front")).getMessage()
                .contains("camera:0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> VideoSources.create("file:")).getMessage()
                .contains("names no path"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> VideoSources.create(" ")).getMessage()
                .contains("rtsp://"));
    }

    @Test
    void missingCamera_namesTheDevice() {
        VideoSourceException e = assertThrows(VideoSourceException.class, () -> open("camera:97"));
        assertTrue(e.getMessage().startsWith("camera:97: "), e.getMessage());
    }

    @Test
    void emptyFolder_listsTheImageTypes() {
        VideoSourceException e = assertThrows(VideoSourceException.class, () -> open("dir:" + tmp));
        assertTrue(e.getMessage().contains("holds no images (bmp, jpeg, jpg"), e.getMessage());
    }

    private static long checksum(VideoFrame f) {
        byte[] px = new byte[f.width() * f.height() * 3];
        f.image().get(0, 0, px);
        CRC32 crc = new CRC32();
        crc.update(px);
        return crc.getValue();
    }

    private static void open(String spec) throws Exception {
        VideoSource s = VideoSources.create(spec);
        try {
            s.open();
        } finally {
            s.close();
        }
    }
}
