package dev.stagegraph.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagegraph.Execution;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Binding, stopping with the run, closing: no thread of a view outlives it. */
class LiveViewLifecycleTest {

    /** Live threads of the view on {@code port}, and the JDK server's dispatchers. */
    private static List<String> threads(int port) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("stagegraph-serve-" + port + "-") || n.equals("HTTP-Dispatcher")).sorted()
                .collect(Collectors.toList());
    }

    @Test
    void serve_onAPortInUse_failsNamingTheAddressAndWhatToDo() throws Exception {
        TestRun t = new TestRun();
        try (Execution<Long> run = t.start(100_000);
                LiveView first = LiveView.serve(run, t.pipeline, t.registry, LiveView.options())) {
            BindException e = assertThrows(BindException.class,
                    () -> LiveView.serve(run, t.pipeline, t.registry, LiveView.options().port(first.port())));
            assertTrue(e.getMessage().contains("127.0.0.1:" + first.port()), e.getMessage());
            assertTrue(e.getMessage().contains("choose another port, or 0"), e.getMessage());
            assertEquals(200, LiveViewEndpointsTest.get(first.url(), "/stats.json").statusCode(), "the first view still serves");
            run.stop();
        }
    }

    @Test
    void options_rejectBadValuesWithTheirName() {
        assertThrows(IllegalArgumentException.class, () -> LiveView.options().port(70_000));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LiveView.options().address("no-such-host.invalid"));
        assertTrue(e.getMessage().contains("no-such-host.invalid"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LiveView.options().maxViewers(0));
        assertThrows(IllegalArgumentException.class, () -> LiveView.options().linger(Duration.ofSeconds(-1)));
    }

    @Test
    void view_stopsWhenTheRunEnds_withAViewerConnected_andLeavesNoThread() throws Exception {
        TestRun t = new TestRun(50);
        int port;
        try (Execution<Long> run = t.start(100_000)) {
            LiveView view = LiveView.serve(run, t.pipeline, t.registry, LiveView.options().stream(t.stream).linger(Duration.ZERO));
            port = view.port();
            try (MjpegClient viewer = new MjpegClient(view.url())) {
                assertTrue(t.awaitCompleted(0));
                viewer.next();
                assertTrue(threads(port).contains("HTTP-Dispatcher"));
                assertTrue(threads(port).stream().anyMatch(n -> n.endsWith("-watch")), threads(port).toString());
                run.stop();
                run.await();
                assertTrue(view.awaitStopped(Duration.ofSeconds(20)), "the view stopped with the run");
                assertEquals(List.of(), threads(port), "no thread of the view is left");
                assertThrows(IOException.class, () -> {
                    for (int i = 0; i < 10_000; i++) {
                        viewer.next();
                    }
                }, "the viewer's connection was closed");
            }
            assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close(), "nothing listens any more");
        }
    }

    @Test
    void close_withAStalledViewer_returnsAndLeavesNoThread_theRunGoesOn() throws Exception {
        TestRun t = new TestRun(20, 400);
        try (Execution<Long> run = t.start(100_000)) {
            LiveView view = LiveView.serve(run, t.pipeline, t.registry, LiveView.options().stream(t.stream));
            int port = view.port();
            try (MjpegClient stalled = new MjpegClient(view.url())) {
                assertTrue(t.awaitCompleted(0));
                stalled.next();
                // it never reads again: the server's writes to it block once the socket buffers are full
                view.close();
                assertTrue(view.awaitStopped(Duration.ZERO));
                assertEquals(List.of(), threads(port), "no thread of the view is left");
                view.close();
            }
            assertTrue(t.awaitCompleted(1), "the run went on after the view closed");
            run.stop();
            assertTrue(run.await().completed() >= 400);
        }
    }
}
