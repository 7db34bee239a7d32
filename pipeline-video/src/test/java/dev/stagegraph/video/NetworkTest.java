package dev.stagegraph.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Live streams from real servers on 127.0.0.1: frames flow, a server that goes away and comes back
 * is reconnected to while the source keeps returning frames (outage counted), a server that never
 * answers ends with a clear error within its time-out.
 */
@Timeout(90)
class NetworkTest {
    private static final VideoOptions FAST = VideoOptions.defaults().withConnectTimeout(Duration.ofSeconds(5))
            .withReadTimeout(Duration.ofSeconds(3)).withBackoff(Duration.ofMillis(100), Duration.ofMillis(400))
            .withReconnectFor(Duration.ofSeconds(20));

    @Test
    void httpStream_reconnectsAfterTheServerRestarts() throws Exception {
        try (Servers.Http server = new Servers.Http(Media.intersection())) {
            server.start();
            VideoSource source = Servers.openWhenUp(server.url(), FAST, Duration.ofSeconds(15));
            survivesRestart(server, source, 640, 480);
        }
    }

    @Test
    void rtspOverTcp_reconnectsAfterTheServerRestarts() throws Exception {
        try (Servers.Rtsp server = Servers.Rtsp.startOrSkip()) {
            VideoSource source = VideoSources.create(server.url(), FAST);
            source.open();
            survivesRestart(server, source, 320, 240);
        }
    }

    @Test
    void rtspStreamThatHangs_hitsTheReadTimeoutAndReconnects() throws Exception {
        try (Servers.Rtsp server = Servers.Rtsp.startOrSkip(); StallProxy proxy = new StallProxy(server.port)) {
            VideoSource source = VideoSources.create("rtsp://127.0.0.1:" + proxy.port() + "/live", FAST);
            try {
                source.open();
                long last = read(source, 25, -1, 320, 240);
                proxy.stallAll();
                long start = System.nanoTime();
                for (int i = 0; i < 600 && source.stats().outages() == 0; i++) {
                    last = read(source, 1, last, 320, 240); // frames buffered before the hang, then the outage
                }
                read(source, 25, last, 320, 240);
                long took = System.nanoTime() - start;
                StreamStats stats = source.stats();
                assertEquals(1, stats.outages(), "the hang is one outage: " + stats);
                assertEquals(2, stats.connects(), stats.toString());
                assertTrue(took < Duration.ofSeconds(3 + 5 + 5).toNanos(), "no read blocked past its time-out: the"
                        + " buffered frames, the outage and 25 frames after it took " + took / 1e9 + " s");
                assertTrue(stats.outageTime().compareTo(Duration.ofSeconds(3)) >= 0, "the outage lasted at least the"
                        + " read time-out: " + stats);
                long expectedLost = stats.outageTime().toMillis() * 25 / 1000;
                assertTrue(stats.framesLost() > expectedLost / 2 && stats.framesLost() < expectedLost * 2,
                        "frames lost ~ outage time x 25 frames/s = " + expectedLost + ": " + stats);
            } finally {
                source.close();
                source.releaseFrames();
            }
        }
    }

    @Test
    void interruptingABlockedRead_endsItAtOnce_notAtTheReadTimeout() throws Exception {
        try (Servers.Rtsp server = Servers.Rtsp.startOrSkip(); StallProxy proxy = new StallProxy(server.port)) {
            VideoSource source = VideoSources.create("rtsp://127.0.0.1:" + proxy.port() + "/live",
                    VideoOptions.defaults().withReadTimeout(Duration.ofSeconds(30)));
            try {
                source.open();
                read(source, 5, -1, 320, 240);
                proxy.stallAll();
                Throwable[] ended = new Throwable[1];
                Thread reader = new Thread(() -> {
                    try {
                        for (int i = 0; i < 100_000; i++) {
                            source.next(null);
                        }
                    } catch (Throwable t) {
                        ended[0] = t;
                    }
                }, "blocked-reader");
                reader.start();
                long start = System.nanoTime();
                reader.interrupt();
                reader.join(10_000);
                long took = System.nanoTime() - start;
                assertTrue(!reader.isAlive(), "the interrupted read ended");
                assertTrue(ended[0] instanceof InterruptedException, "ended by the interrupt: " + ended[0]);
                assertTrue(took < Duration.ofSeconds(5).toNanos(), "well before the 30 s read time-out: " + took / 1e9 + " s");
            } finally {
                source.close();
                source.releaseFrames();
            }
        }
    }

    @Test
    void hlsPlaylistOverHttp_readsToItsEnd() throws Exception {
        Path dir = Files.createTempDirectory("hls");
        Media.ffmpeg(60, "-i", Media.intersection().toString(), "-frames:v", "150", "-c:v", "copy", "-f", "hls",
                "-hls_time", "1", "-hls_playlist_type", "vod", dir.resolve("index.m3u8").toString());
        long expected = Media.probeFrames(dir.resolve("index.m3u8"));
        HttpServer http = Servers.files(dir);
        VideoSource source = VideoSources.create("http://127.0.0.1:" + http.getAddress().getPort() + "/index.m3u8", FAST);
        try {
            source.open();
            long n = 0;
            long last = -1;
            VideoFrame reuse = null;
            for (VideoFrame f; (f = source.next(reuse)) != null; reuse = f, n++) {
                assertTrue(f.ptsNanos() > last, "times increase");
                last = f.ptsNanos();
            }
            assertEquals(expected, n, "every frame of the playlist, then the end (not a reconnect)");
            assertEquals(0, source.stats().outages(), source.stats().toString());
        } finally {
            source.close();
            source.releaseFrames();
            http.stop(0);
        }
    }

    @Test
    void httpNotFound_namesTheUrlAndTheStatus() throws Exception {
        HttpServer http = Servers.files(Files.createTempDirectory("empty"));
        String url = "http://127.0.0.1:" + http.getAddress().getPort() + "/camera1.ts";
        VideoSource source = VideoSources.create(url, FAST);
        try {
            VideoSourceException e = assertThrows(VideoSourceException.class, source::open);
            assertTrue(e.getMessage().startsWith(url + ": cannot be opened (FFmpeg: Server returned 404 Not Found)"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("check the URL (host, port, path"), e.getMessage());
        } finally {
            source.close();
            http.stop(0);
        }
    }

    @Test
    void rtspOverUdp_readsFrames() throws Exception {
        try (Servers.Rtsp server = Servers.Rtsp.startOrSkip()) {
            VideoSource source = VideoSources.create(server.url(), FAST.withRtspTransport(VideoOptions.RtspTransport.UDP));
            try {
                source.open();
                assertTrue(source.live(), "an RTSP stream is live");
                long last = read(source, 25, -1, 320, 240);
                assertTrue(last > 0);
                assertEquals(1, source.stats().connects());
            } finally {
                source.close();
                source.releaseFrames();
            }
        }
    }

    private static void survivesRestart(Servers.Server server, VideoSource source, int width, int height)
            throws Exception {
        try {
            assertTrue(source.live(), "a network stream is live");
            long last = read(source, 30, -1, width, height);
            server.stop();
            server.start();
            long before = 30;
            while (source.stats().outages() == 0 && before < 30 + 600) {
                last = read(source, 1, last, width, height); // frames buffered before the stop, then the outage
                before++;
            }
            last = read(source, 30, last, width, height);
            StreamStats stats = source.stats();
            assertEquals(before + 30, stats.frames(), "the source went on returning frames: " + stats);
            assertEquals(2, stats.connects(), "one reconnect: " + stats);
            assertEquals(1, stats.outages(), "one outage: " + stats);
            assertTrue(stats.outageTime().toNanos() > 0, "the outage took time: " + stats);
            assertTrue(!stats.down(), "connected again: " + stats);
            assertTrue(last > 0);
        } finally {
            source.close();
            source.releaseFrames();
        }
    }

    /** Reads {@code n} frames, checking size and strictly increasing times; returns the last time. */
    private static long read(VideoSource source, int n, long after, int width, int height) throws Exception {
        long last = after;
        VideoFrame reuse = null;
        for (int i = 0; i < n; i++) {
            VideoFrame f = source.next(reuse);
            assertTrue(f != null, "the stream ended after " + i + " frames");
            assertEquals(width, f.width());
            assertEquals(height, f.height());
            assertTrue(f.ptsNanos() > last, "times strictly increase, also across a reconnect: " + f.ptsNanos()
                    + " after " + last);
            last = f.ptsNanos();
            reuse = f;
        }
        return last;
    }

    @Test
    void httpServerThatNeverSends_failsWithinTheConnectTimeout() throws Exception {
        neverSends("http://127.0.0.1:%d/live.ts");
    }

    @Test
    void rtspServerThatNeverSends_failsWithinTheConnectTimeout() throws Exception {
        neverSends("rtsp://127.0.0.1:%d/live");
    }

    private static void neverSends(String pattern) throws Exception {
        try (ServerSocket silent = Servers.silent()) {
            String url = String.format(pattern, silent.getLocalPort());
            VideoSource source = VideoSources.create(url, VideoOptions.defaults().withConnectTimeout(Duration.ofSeconds(2)));
            long start = System.nanoTime();
            VideoSourceException e = assertThrows(VideoSourceException.class, source::open);
            long took = System.nanoTime() - start;
            source.close();
            assertTrue(took < Duration.ofSeconds(2 + 5).toNanos(), "failed within time-out + 5 s, took " + took / 1e9 + " s");
            assertTrue(e.getMessage().contains(url), "names the URL: " + e.getMessage());
            assertTrue(e.getMessage().contains("connect time-out 2 s"), "names the time-out: " + e.getMessage());
            assertTrue(e.getMessage().contains("check the URL"), "says what to check: " + e.getMessage());
        }
    }

    /** Regression: JavaCPP has 10 native thunks per callback class; an 11th source once had no time-out. */
    @Test
    void manySourcesAlive_eachKeepsItsTimeout() throws Exception {
        List<VideoSource> others = new ArrayList<>();
        try (ServerSocket silent = Servers.silent()) {
            for (int i = 0; i < 12; i++) {
                VideoSource s = VideoSources.create("rtsp://127.0.0.1:" + silent.getLocalPort() + "/" + i,
                        VideoOptions.defaults().withConnectTimeout(Duration.ofMillis(300)));
                assertThrows(VideoSourceException.class, s::open);
                others.add(s);
            }
            neverSends("rtsp://127.0.0.1:%d/live");
        } finally {
            others.forEach(VideoSource::close);
        }
    }

    @Test
    void refusedConnection_failsAtOnceNamingTheUrl() throws Exception {
        String url = "rtsp://127.0.0.1:" + Servers.freePort() + "/live";
        VideoSource source = VideoSources.create(url);
        VideoSourceException e = assertThrows(VideoSourceException.class, source::open);
        source.close();
        assertTrue(e.getMessage().startsWith(url + ": cannot be opened"), e.getMessage());
        assertTrue(e.getMessage().contains("Connection refused"), e.getMessage());
    }

    @Test
    void streamGoneForGood_failsAfterTheReconnectWindow() throws Exception {
        try (Servers.Http server = new Servers.Http(Media.intersection())) {
            server.start();
            VideoOptions brief = FAST.withReconnectFor(Duration.ofSeconds(2));
            VideoSource source = Servers.openWhenUp(server.url(), brief, Duration.ofSeconds(15));
            try {
                read(source, 5, -1, 640, 480);
                server.stop();
                long start = System.nanoTime();
                VideoSourceException e = assertThrows(VideoSourceException.class, () -> {
                    for (int i = 0; i < 10_000; i++) {
                        source.next(null);
                    }
                });
                long took = System.nanoTime() - start;
                assertTrue(took < Duration.ofSeconds(3 + 2 + 5 + 5).toNanos(), "gave up in time: " + took / 1e9 + " s");
                assertTrue(e.getMessage().contains("did not come back within 2 s"), e.getMessage());
                assertTrue(source.stats().down(), "still down: " + source.stats());
            } finally {
                source.close();
                source.releaseFrames();
            }
        }
    }

    @Test
    void unsupportedScheme_isRejectedWithTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VideoSources.create("ftp://user:secret@example.org/x.mp4"));
        assertTrue(e.getMessage().contains("rtsp://"), e.getMessage());
        assertTrue(!e.getMessage().contains("secret"), "credentials are not printed: " + e.getMessage());
    }
}
