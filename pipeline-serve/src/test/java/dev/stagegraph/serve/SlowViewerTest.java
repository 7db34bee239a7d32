package dev.stagegraph.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagegraph.Execution;
import dev.stagegraph.report.RunReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A viewer that reads one frame a second while the pipeline runs at full speed: the pipeline
 * completes the same frames as without it, and what the viewer missed is counted, not queued in
 * the view. (The kernel's send buffer of the viewer's socket still holds the frames written but
 * not yet read: the JDK server does not let us shrink it, so a viewer that reads slowly sees
 * those first.)
 */
class SlowViewerTest {
    private static final long FRAMES = 3000;

    @Test
    void slowViewer_doesNotSlowThePipeline_andItsMissesAreCounted() throws Exception {
        RunReport alone;
        try (Execution<Long> run = new TestRun().start(FRAMES)) {
            alone = run.await();
        }

        TestRun t = new TestRun(1);
        CountDownLatch ended = new CountDownLatch(1);
        List<MjpegClient.Part> seen = new ArrayList<>();
        RunReport watched;
        try (Execution<Long> run = t.start(FRAMES)) {
            try (LiveView view = LiveView.serve(run, t.pipeline, t.registry, LiveView.options().stream(t.stream));
                    MjpegClient client = new MjpegClient(view.url())) {
                assertTrue(client.head.startsWith("HTTP/1.1 200"), client.head);
                assertTrue(client.head.toLowerCase(java.util.Locale.ROOT)
                        .contains("content-type: multipart/x-mixed-replace; boundary=" + MjpegHandler.BOUNDARY), client.head);
                Thread runner = new Thread(() -> {
                    try {
                        run.awaitEnd(Duration.ofMinutes(2));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    ended.countDown();
                }, "test-run-end");
                runner.start();
                // One frame a second while the run goes on; as fast as it can once it ended, up to the last frame.
                while (seen.size() < FRAMES && (seen.isEmpty() || seen.get(seen.size() - 1).number() < FRAMES)) {
                    MjpegClient.Part p = client.next();
                    assertTrue(p.jpeg().length > 2 && (p.jpeg()[0] & 0xff) == 0xff && (p.jpeg()[1] & 0xff) == 0xd8, "a JPEG");
                    seen.add(p);
                    ended.await(1, TimeUnit.SECONDS);
                }
                assertTrue(run.awaitEnd(Duration.ofSeconds(120)), "the run ended while a viewer read one frame a second");
                watched = run.await();
                runner.join(10_000);
            }
            long sent = t.stream.sent();
            long first = seen.get(0).number();
            long last = seen.get(seen.size() - 1).number();
            assertEquals(FRAMES, last, "the viewer got the newest frame in the end");
            assertEquals(seen.size(), sent, "every frame sent was read");
            assertTrue(t.stream.missed() > 0, "the slow viewer missed frames");
            for (int i = 1; i < seen.size(); i++) {
                assertTrue(seen.get(i).number() > seen.get(i - 1).number(), "newest first, never an older frame");
            }
            assertEquals(last - first + 1 - sent, t.stream.missed(), "every frame between the viewer's first and last it did not get");
            assertEquals(FRAMES, t.stream.offered());
        }
        assertEquals(FRAMES, alone.completed());
        assertEquals(alone.completed(), watched.completed(), "the same frames completed with a slow viewer as without");
        assertEquals(alone.failed() + alone.dropped() + alone.aborted(), watched.failed() + watched.dropped() + watched.aborted());
    }
}
