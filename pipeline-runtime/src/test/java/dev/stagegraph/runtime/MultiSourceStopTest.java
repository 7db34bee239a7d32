package dev.stagegraph.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagegraph.Execution;
import dev.stagegraph.Outcome;
import dev.stagegraph.Pipeline;
import dev.stagegraph.PipelineBuilder;
import dev.stagegraph.Port;
import dev.stagegraph.report.RunReport;
import dev.stagegraph.source.Feed;
import dev.stagegraph.source.FrameSource;
import dev.stagegraph.source.LivePolicy;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Several sources on the paths that are not a normal end: a keep-latest camera beside a file
 * (the feeder thread, per-source room), and an abort while one camera is blocked in {@code next()}
 * and the others are streaming: bounded, every frame accounted for per source, no thread left.
 */
class MultiSourceStopTest {

    @Test
    void keepLatestCamera_besideAFile_feedsItsNewestFrameWhenItsOwnSlotFrees() throws Exception {
        int liveFrames = 40;
        CountDownLatch liveDone = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean first = new java.util.concurrent.atomic.AtomicBoolean(true);
        PipelineBuilder<Long> b = Pipeline.builder("latest");
        Port<Long> out = b.stage("gate", b.source(), () -> (in, f) -> {
            if (f.source().equals("cam") && first.getAndSet(false) && !liveDone.await(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the camera never finished");
            }
            return in;
        });
        List<Feed<Long>> feeds = List.of(Feed.of(MultiSourceTest.live(liveFrames, liveDone)).named("cam").livePolicy(LivePolicy.KEEP_LATEST)
                .maxInFlight(1), Feed.of(FrameSource.of(LongStream.range(0, 30).boxed().toList())).named("file"));
        MultiSourceTest.PerSource<Long, Long> sink = new MultiSourceTest.PerSource<>();
        RunReport r = ParallelRunner.builder().ringSize(4).build().run(b.build(out), feeds, sink, Map.of());

        assertEquals(LongStream.range(0, liveFrames).boxed().toList(), sink.numbers("cam"));
        List<String> results = sink.outcomes.get("cam").stream().filter(o -> o.contains(" RESULT ")).toList();
        assertTrue(results.size() == 1 || results.size() == 2, "the first frame fed held the camera's one slot until the camera ended,"
                + " then only the newest went in: " + results);
        assertEquals((liveFrames - 1) + " RESULT " + (liveFrames - 1), results.get(results.size() - 1), "the newest frame is never lost");
        assertEquals(liveFrames - results.size(), sink.count("cam", Outcome.Kind.DROPPED));
        assertEquals(30, sink.count("file", Outcome.Kind.RESULT));
        assertEquals(liveFrames - results.size(), r.dropped());
        MultiSourceTest.assertSourcesAddUp(r, "keep-latest");
    }

    /** A camera that delivers nothing: {@code next} blocks until interrupted. */
    static FrameSource<Long> hung(CountDownLatch entered) {
        return new FrameSource<>() {
            @Override
            public Long next(Long reuse) throws InterruptedException {
                entered.countDown();
                new CountDownLatch(1).await();
                return null;
            }

            @Override
            public String name() {
                return "hung";
            }
        };
    }

    @Test
    void abortWithOneCameraBlockedInNext_isBoundedAndAccountsForEveryFramePerSource() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).collect(Collectors.toSet());
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch streaming = new CountDownLatch(50);
        PipelineBuilder<Long> b = Pipeline.builder("abort-multi");
        Port<Long> out = b.stage("id", b.source(), () -> (in, f) -> in);
        FrameSource<Long> endless = new FrameSource<>() {
            private long next;

            @Override
            public Long next(Long reuse) {
                return next++;
            }

            @Override
            public String name() {
                return "endless";
            }
        };
        Execution<Long> run = ParallelRunner.builder().ringSize(8).build().start(b.build(out),
                List.of(Feed.of(hung(entered)), Feed.of(endless).maxInFlight(4), Feed.of(FrameSource.of(List.of(1L, 2L))).named("short")),
                o -> streaming.countDown(), Map.of());
        assertTrue(entered.await(20, TimeUnit.SECONDS));
        assertTrue(streaming.await(20, TimeUnit.SECONDS), "the other sources go on while one is blocked");
        long start = System.nanoTime();
        RunReport r = run.abort(Duration.ofSeconds(1));
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(6), "abort returns within its bound + 5 s");
        run.close();

        assertEquals(r.framesIn(), r.completed() + r.failed() + r.dropped() + r.aborted(), r.toTable());
        MultiSourceTest.assertSourcesAddUp(r, "abort");
        assertEquals(List.of("hung", "endless", "short"), r.sources().stream().map(s -> s.name()).toList());
        assertEquals(0, r.sources().get(0).framesIn());
        assertEquals(2, r.sources().get(2).completed());
        assertEquals(r.aborted(), run.unfinished().size());
        Set<Thread> after = new HashSet<>(Thread.getAllStackTraces().keySet());
        after.removeAll(before);
        Set<String> left = after.stream().filter(Thread::isAlive).map(Thread::getName).filter(n -> n.startsWith("stagegraph-abort-multi"))
                .collect(Collectors.toSet());
        assertTrue(left.isEmpty(), "threads alive after close: " + left);
    }
}
