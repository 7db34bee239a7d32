package dev.stagegraph.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Source strings and options: what each names, what is live, and the messages for bad values. */
class SourceSpecTest {
    @Test
    void sourceStrings_nameTheirKindAndLiveness() {
        assertSource("file:clip.mp4", "file:clip.mp4", false);
        assertSource("clip.mkv", "file:clip.mkv", false);
        assertSource("dir:frames", "dir:frames", false);
        assertSource("camera:0", "camera:0", true);
        assertSource("rtsp://cam.local:554/stream1", "rtsp://cam.local:554/stream1", true);
        assertSource("RTSP://cam.local/stream1", "RTSP://cam.local/stream1", true);
        assertSource("http://127.0.0.1:8080/live.ts", "http://127.0.0.1:8080/live.ts", true);
        assertSource("https://example.org/index.m3u8", "https://example.org/index.m3u8", true);
    }

    @Test
    void credentialsInAUrl_areNotRepeated() {
        VideoSource s = VideoSources.create("rtsp://admin:hunter2@cam.local/stream1");
        assertEquals("rtsp://***@cam.local/stream1", s.name());
        s.close();
    }

    @Test
    void statsBeforeOpen_areZero() {
        VideoSource s = VideoSources.create("file:clip.mp4");
        assertEquals(new StreamStats(0, 0, Duration.ZERO, 0, 0, false), s.stats());
        s.close();
    }

    @Test
    void badOptions_sayWhatIsAllowed() {
        VideoOptions o = VideoOptions.defaults();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> o.withConnectTimeout(Duration.ZERO)).getMessage()
                .contains("connectTimeout must be positive"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> o.withReconnectFor(Duration.ofSeconds(-1)))
                .getMessage().contains("zero or positive"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> o.withBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1))).getMessage().contains("at least"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> o.withMaxFrames(0)).getMessage()
                .contains("maxFrames must be positive"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> o.withImageRate(Double.NaN)).getMessage()
                .contains("imageRate"));
        VideoOptions changed = o.withReadTimeout(Duration.ofSeconds(3));
        assertEquals(Duration.ofSeconds(3), changed.readTimeout());
        assertEquals(Duration.ofSeconds(10), o.readTimeout(), "options are immutable");
    }

    private static void assertSource(String spec, String name, boolean live) {
        VideoSource s = VideoSources.create(spec);
        assertEquals(name, s.name());
        assertEquals(live, s.live(), spec + " live");
        assertFalse(s.stats().down());
        s.close();
    }
}
