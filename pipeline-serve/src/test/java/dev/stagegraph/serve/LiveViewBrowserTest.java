package dev.stagegraph.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stagegraph.Execution;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The page in a real browser: headless Chromium loads it during a run, the FPS in the DOM changes
 * between two reads, the graph and the stage table are drawn, a screenshot shows the video and
 * the stats, and once the run ends the page shows its report. Skips, saying why, where Chromium is not installed or cannot start.
 */
class LiveViewBrowserTest {

    /** Resolves with the FPS text once it differs from {@code before}; rejects after 30 s. */
    private static String fpsChangedFrom(String before) {
        return "new Promise((ok, no) => { const el = document.getElementById('fps');"
                + " const done = () => { if (el.textContent !== " + quote(before) + ") { obs.disconnect(); ok(el.textContent); } };"
                + " const obs = new MutationObserver(done); obs.observe(el, {childList: true, characterData: true, subtree: true});"
                + " setTimeout(() => { obs.disconnect(); no(new Error('the FPS stayed ' + el.textContent + ' for 30 s')); }, 30000);"
                + " done(); })";
    }

    private static String quote(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    @Test
    void page_duringARun_showsVideoGraphAndStats_andTheFpsMoves() throws Exception {
        Chromium browser;
        try {
            browser = Chromium.start(1280, 1000);
        } catch (Chromium.Unavailable e) {
            Assumptions.abort("skipped, headless Chromium is not available: " + e.getMessage());
            return;
        }
        TestRun t = new TestRun(20);
        try (browser; Execution<Long> run = t.start(10_000_000);
                LiveView view = LiveView.serve(run, t.pipeline, t.registry, LiveView.options().stream(t.stream).linger(Duration.ofMinutes(1)))) {
            assertTrue(t.awaitCompleted(0));
            browser.navigate(view.url());
            double fps = browser.eval(Chromium.FPS_SHOWN, Duration.ofSeconds(30)).asDouble();
            assertTrue(fps > 0, "the FPS shows a rate: " + fps);
            String first = browser.eval("document.getElementById('fps').textContent", Duration.ofSeconds(5)).asText();
            String second = browser.eval(fpsChangedFrom(first), Duration.ofSeconds(30)).asText();
            assertNotEquals(first, second, "the FPS updates while the run goes on");
            assertTrue(Double.parseDouble(second) > 0);

            assertEquals(TestRun.NAME, browser.eval("document.getElementById('pipeline').textContent", Duration.ofSeconds(5)).asText());
            assertEquals(6, browser.eval("document.querySelectorAll('#graph rect').length", Duration.ofSeconds(5)).asInt(),
                    "the source, 4 stages and the sink");
            JsonNode rows = browser.eval("Array.from(document.querySelectorAll('#stages tbody tr'))"
                    + ".map(r => r.cells[0].textContent + ' ' + r.cells[2].textContent)", Duration.ofSeconds(5));
            assertEquals(4, rows.size(), rows.toString());
            for (JsonNode r : rows) {
                assertTrue(r.asText().matches("\\w+ \\d+%"), "a stage and its utilisation: " + r);
            }
            assertTrue(browser.eval("document.getElementById('video').naturalWidth", Duration.ofSeconds(5)).asInt() == 160,
                    "the video shows the pipeline's 160x120 frames");

            byte[] png = browser.screenshot();
            Path out = Path.of("target", "live-view-test.png");
            Files.write(out, png);
            BufferedImage shot = ImageIO.read(new ByteArrayInputStream(png));
            JsonNode video = browser.eval("(() => { const r = document.getElementById('video').getBoundingClientRect();"
                    + " return [r.left, r.top, r.width, r.height]; })()", Duration.ofSeconds(5));
            JsonNode stats = browser.eval("(() => { const r = document.getElementById('fps').getBoundingClientRect();"
                    + " return [r.left, r.top, r.width, r.height]; })()", Duration.ofSeconds(5));
            assertTrue(colours(shot, video) > 20, "the screenshot shows the video's pixels, see " + out.toAbsolutePath());
            assertTrue(colours(shot, stats) > 1, "the screenshot shows the FPS, see " + out.toAbsolutePath());

            run.stop();
            long completed = run.await().completed();
            String status = browser.eval("new Promise((ok, no) => { const t0 = Date.now(); (function check() {"
                    + " if (document.getElementById('report').style.display === 'block') ok(document.getElementById('status').textContent);"
                    + " else if (Date.now() - t0 > 30000) no(new Error('no report within 30 s'));"
                    + " else setTimeout(check, 100); })(); })", Duration.ofSeconds(30)).asText();
            assertTrue(status.startsWith("ended: " + completed + " frames completed"), status);
            JsonNode ended = browser.eval("Array.from(document.querySelectorAll('#stages tbody tr')).map(r => r.cells[4].textContent)",
                    Duration.ofSeconds(5));
            for (JsonNode calls : ended) {
                assertEquals(completed, calls.asLong(), "the stage table shows the whole run once it ended: " + ended);
            }
            assertEquals(4, browser.eval("document.querySelectorAll('#report-stages tbody tr').length", Duration.ofSeconds(5)).asInt());
        }
    }

    /** How many distinct colours a region of the screenshot has: 1 for an empty box. */
    private static int colours(BufferedImage img, JsonNode rect) {
        Set<Integer> seen = new HashSet<>();
        int x0 = (int) rect.get(0).asDouble();
        int y0 = (int) rect.get(1).asDouble();
        for (int y = y0; y < Math.min(img.getHeight(), y0 + (int) rect.get(3).asDouble()); y++) {
            for (int x = x0; x < Math.min(img.getWidth(), x0 + (int) rect.get(2).asDouble()); x++) {
                seen.add(img.getRGB(x, y));
            }
        }
        return seen.size();
    }
}
