package dev.stagegraph.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagegraph.FrameContext;
import dev.stagegraph.FrameSink;
import dev.stagegraph.Outcome;
import dev.stagegraph.Pipeline;
import dev.stagegraph.PipelineBuilder;
import dev.stagegraph.Port;
import dev.stagegraph.Runner;
import dev.stagegraph.Stage;
import dev.stagegraph.StageContext;
import dev.stagegraph.StageOptions;
import dev.stagegraph.report.RunReport;
import dev.stagegraph.report.SourceReport;
import dev.stagegraph.source.Feed;
import dev.stagegraph.source.FrameSource;
import dev.stagegraph.source.LivePolicy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Several sources in one run (issue 13 item 1): each source's outcomes arrive in its own order
 * with its own numbers, parallel equals sequential per source, frame by frame, on random graphs
 * with replicas and 1 to 4 sources of random lengths; a source may end (even empty) while others
 * go on; stages hear the end of each source once; accounting adds up per source and in total with
 * a live source dropping; frame objects stay with the source that made them.
 */
class MultiSourceTest {
    private static final int GRAPHS = 120;

    /** Per source, in arrival order: "number kind result". */
    static final class PerSource<S, R> implements FrameSink<S, R> {
        final Map<String, List<String>> outcomes = new ConcurrentHashMap<>();
        final Map<String, Map<Outcome.Kind, Integer>> kinds = new ConcurrentHashMap<>();

        @Override
        public void accept(Outcome<? extends S, ? extends R> o) {
            String source = o.frame().source();
            Object result = o.kind() == Outcome.Kind.RESULT ? o.result()
                    : o.kind() == Outcome.Kind.FAILED ? o.failure().stage() + "@" + o.failure().frame() + ": " + o.failure().cause().getMessage()
                    : null;
            outcomes.computeIfAbsent(source, k -> Collections.synchronizedList(new ArrayList<>()))
                    .add(o.frame().number() + " " + o.kind() + " " + result);
            kinds.computeIfAbsent(source, k -> new ConcurrentHashMap<>()).merge(o.kind(), 1, Integer::sum);
        }

        int count(String source, Outcome.Kind kind) {
            return kinds.getOrDefault(source, Map.of()).getOrDefault(kind, 0);
        }

        List<Long> numbers(String source) {
            List<Long> n = new ArrayList<>();
            for (String line : outcomes.getOrDefault(source, List.of())) {
                n.add(Long.parseLong(line.substring(0, line.indexOf(' '))));
            }
            return n;
        }
    }

    @Test
    void parallelEqualsSequentialPerSource_onRandomGraphsAndSources() throws Exception {
        String replay = System.getProperty("dag.seed");
        SplittableRandom seeds = new SplittableRandom(0x5EED_0013L);
        for (int i = 0; i < (replay != null ? 1 : GRAPHS); i++) {
            compare(replay != null ? Long.parseLong(replay) : seeds.nextLong());
        }
    }

    /** Issue 13 item 2: stateful per-source stages beside stateless shared ones with replicas. */
    @Test
    void parallelEqualsSequentialPerSource_withPerSourceStatefulStages() throws Exception {
        String replay = System.getProperty("dag.seed");
        SplittableRandom seeds = new SplittableRandom(0x5EED_0213L);
        for (int i = 0; i < (replay != null ? 1 : GRAPHS); i++) {
            compare(replay != null ? Long.parseLong(replay) : seeds.nextLong(), true);
        }
    }

    static void compare(long seed) throws Exception {
        compare(seed, false);
    }

    static void compare(long seed, boolean perSource) throws Exception {
        compare(seed, perSource, false);
    }

    /** With {@code batches}, the graphs have batch stages too ({@link RandomDag#generate(long, boolean, int, dev.stagegraph.ErrorPolicy, boolean, boolean, boolean)}). */
    static RunReport compare(long seed, boolean perSource, boolean batches) throws Exception {
        SplittableRandom rnd = new SplittableRandom(seed);
        int failOneIn = rnd.nextInt(3) == 0 ? 5 + rnd.nextInt(10) : 0;
        Pipeline<Long, Long> pipeline = RandomDag.generate(seed, true, failOneIn, dev.stagegraph.ErrorPolicy.skipFrame(), false,
                perSource, batches);
        int sources = 1 + rnd.nextInt(4);
        List<Integer> lengths = new ArrayList<>();
        for (int k = 0; k < sources; k++) {
            lengths.add(rnd.nextInt(8) == 0 ? 0 : 1 + rnd.nextInt(100));
        }
        int[] bounds = new int[sources];
        for (int k = 0; k < sources; k++) {
            bounds[k] = rnd.nextBoolean() ? 0 : 1 + rnd.nextInt(8);
        }
        int ring = 2 << rnd.nextInt(5);
        int fuseFrom = 1 + rnd.nextInt(5);
        String where = "seed " + seed + " (replay with -Ddag.seed=" + seed + "), lengths " + lengths + ", bounds "
                + java.util.Arrays.toString(bounds) + ", ring " + ring + ", per-source stages on the source's thread from "
                + fuseFrom + " sources, " + pipeline.stages();

        PerSource<Long, Long> expected = new PerSource<>();
        RunReport seq = SequentialRunner.create().run(pipeline, feeds(seed, lengths, bounds), expected, Map.of());
        PerSource<Long, Long> actual = new PerSource<>();
        RunReport par = ParallelRunner.builder().ringSize(ring).fuseFromSources(fuseFrom).build().run(pipeline,
                feeds(seed, lengths, bounds), actual, Map.of());

        long total = lengths.stream().mapToLong(Integer::longValue).sum();
        for (int k = 0; k < sources; k++) {
            String name = "cam" + k;
            assertEquals(LongStream.range(0, lengths.get(k)).boxed().toList(), actual.numbers(name), "order of " + name + ", " + where);
            assertEquals(expected.outcomes.getOrDefault(name, List.of()), actual.outcomes.getOrDefault(name, List.of()),
                    "outcomes of " + name + ", " + where);
        }
        for (RunReport r : List.of(seq, par)) {
            assertEquals(sources, r.sources().size(), where);
            assertSourcesAddUp(r, r.mode() + ", " + where);
            for (int k = 0; k < sources; k++) {
                assertEquals(lengths.get(k), (int) r.sources().get(k).framesIn(), r.mode() + ", " + where);
            }
            assertEquals(total, r.framesIn(), "frames in, " + r.mode() + ", " + where);
            assertEquals(total, r.completed() + r.failed(), "completed + failed, " + r.mode() + ", " + where);
        }
        assertEquals(seq.failed(), par.failed(), where);
        for (int i = 0; i < seq.stages().size(); i++) {
            assertEquals(seq.stages().get(i).calls(), par.stages().get(i).calls(), "calls of " + seq.stages().get(i).name() + ", " + where);
        }
        return par;
    }

    private static List<Feed<Long>> feeds(long seed, List<Integer> lengths, int[] bounds) {
        List<Feed<Long>> feeds = new ArrayList<>();
        for (int k = 0; k < lengths.size(); k++) {
            long salt = RandomDag.mix(seed, k);
            List<Long> frames = LongStream.range(0, lengths.get(k)).map(f -> RandomDag.mix(salt, f)).boxed().toList();
            Feed<Long> feed = Feed.of(FrameSource.of(frames)).named("cam" + k);
            feeds.add(bounds[k] == 0 ? feed : feed.maxInFlight(bounds[k]));
        }
        return feeds;
    }

    /** Records, per instance, the sources whose end it heard. */
    static final class EndRecorder implements Stage<Long, Long> {
        static final Map<String, List<String>> ENDS = new ConcurrentHashMap<>();
        private String me;

        @Override
        public void open(StageContext context) {
            me = context.replica() + "";
        }

        @Override
        public Long process(Long input, FrameContext frame) {
            return input + 1;
        }

        @Override
        public void endOfStream(String source) {
            ENDS.computeIfAbsent(me, k -> Collections.synchronizedList(new ArrayList<>())).add(source);
        }
    }

    @Test
    void aSourceEndsWhileTheOthersGoOn_andEveryInstanceHearsEachEndOnce() throws Exception {
        for (Runner runner : List.of(SequentialRunner.create(), ParallelRunner.builder().ringSize(4).build())) {
            EndRecorder.ENDS.clear();
            PipelineBuilder<Long> b = Pipeline.builder("ends");
            Port<Long> out = b.stage("end", b.source(), EndRecorder::new, StageOptions.defaults().replicas(2));
            Pipeline<Long, Long> p = b.build(out);
            List<Feed<Long>> feeds = List.of(
                    Feed.of(FrameSource.of(List.of(1L, 2L, 3L))).named("short"),
                    Feed.of(FrameSource.of(LongStream.range(0, 300).boxed().toList())).named("long"),
                    Feed.of(FrameSource.<Long>of(List.of())).named("empty"));
            PerSource<Long, Long> sink = new PerSource<>();
            RunReport r = runner.run(p, feeds, sink, Map.of());
            assertEquals(303, r.completed(), runner.mode());
            assertEquals(LongStream.range(0, 300).boxed().toList(), sink.numbers("long"), runner.mode());
            assertEquals(List.of(0L, 1L, 2L), sink.numbers("short"), runner.mode());
            assertEquals(List.of(), sink.numbers("empty"), runner.mode());
            assertEquals(Set.of("0", "1"), EndRecorder.ENDS.keySet(), runner.mode());
            for (List<String> ends : EndRecorder.ENDS.values()) {
                assertEquals(3, ends.size(), runner.mode() + " " + ends);
                assertEquals(Set.of("short", "long", "empty"), Set.copyOf(ends), runner.mode());
            }
        }
    }

    /** A live source that delivers {@code frames} frames as fast as it can and opens {@code done} when it has. */
    static FrameSource<Long> live(int frames, CountDownLatch done) {
        return new FrameSource<>() {
            private long next;

            @Override
            public Long next(Long reuse) {
                if (next == frames) {
                    done.countDown();
                    return null;
                }
                return next++;
            }

            @Override
            public boolean live() {
                return true;
            }
        };
    }

    @Test
    void accountingAddsUpPerSourceAndInTotal_withOneSourceEndingEarlyAndOneLiveSourceDropping() throws Exception {
        int liveFrames = 50;
        CountDownLatch liveDone = new CountDownLatch(1);
        PipelineBuilder<Long> b = Pipeline.builder("accounting");
        Port<Long> out = b.stage("gate", b.source(), () -> (in, f) -> {
            if (f.source().equals("live") && f.number() == 0 && !liveDone.await(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the live source never finished");
            }
            return f.source().equals("files") && f.number() % 7 == 3 ? null : in;
        });
        Pipeline<Long, Long> p = b.build(out);
        List<Feed<Long>> feeds = List.of(
                Feed.of(FrameSource.of(List.of(1L, 2L))).named("early"),
                Feed.of(FrameSource.of(LongStream.range(0, 40).boxed().toList())).named("files"),
                Feed.of(live(liveFrames, liveDone)).livePolicy(LivePolicy.DROP_NEWEST).maxInFlight(1).named("live"));
        PerSource<Long, Long> sink = new PerSource<>();
        RunReport r = ParallelRunner.builder().ringSize(8).build().run(p, feeds, sink, Map.of());

        assertEquals(List.of(0L, 1L), sink.numbers("early"));
        assertEquals(LongStream.range(0, 40).boxed().toList(), sink.numbers("files"));
        assertEquals(6, sink.count("files", Outcome.Kind.NO_RESULT));
        assertEquals(LongStream.range(0, liveFrames).boxed().toList(), sink.numbers("live"), "every live frame once, drops where they were");
        assertEquals(1, sink.count("live", Outcome.Kind.RESULT), "frame 0 held the live source's only slot while it captured the rest");
        assertEquals(liveFrames - 1, sink.count("live", Outcome.Kind.DROPPED));
        assertEquals(2 + 40 + liveFrames, r.framesIn());
        assertEquals(liveFrames - 1, r.dropped());
        assertEquals(2 + 40 + 1, r.completed());
        assertEquals(r.framesIn(), r.completed() + r.failed() + r.dropped() + r.aborted());

        assertEquals(List.of("early", "files", "live"), r.sources().stream().map(SourceReport::name).toList());
        SourceReport early = r.sources().get(0);
        SourceReport files = r.sources().get(1);
        SourceReport liveReport = r.sources().get(2);
        assertEquals(List.of(2L, 2L, 0L, 0L, 0L), List.of(early.framesIn(), early.completed(), early.failed(), early.dropped(), early.aborted()));
        assertEquals(List.of(40L, 40L, 0L, 0L, 0L), List.of(files.framesIn(), files.completed(), files.failed(), files.dropped(), files.aborted()));
        assertEquals(List.of((long) liveFrames, 1L, 0L, liveFrames - 1L, 0L),
                List.of(liveReport.framesIn(), liveReport.completed(), liveReport.failed(), liveReport.dropped(), liveReport.aborted()));
        assertEquals(40, files.endToEnd().count(), "each source's latency counts its own delivered frames");
        assertTrue(r.toJson().contains("\"sources\":[{\"name\":\"early\",\"frames\":2,\"completed\":2,"), r.toJson());
    }

    /** Each count, summed over the sources, is the run's, in both runners and whatever became of the frames. */
    static void assertSourcesAddUp(RunReport r, String where) {
        long in = 0;
        long completed = 0;
        long failed = 0;
        long dropped = 0;
        long aborted = 0;
        for (SourceReport s : r.sources()) {
            assertEquals(s.framesIn(), s.completed() + s.failed() + s.dropped() + s.aborted(), s.name() + ", " + where);
            in += s.framesIn();
            completed += s.completed();
            failed += s.failed();
            dropped += s.dropped();
            aborted += s.aborted();
        }
        assertEquals(List.of(r.framesIn(), r.completed(), r.failed(), r.dropped(), r.aborted()), List.of(in, completed, failed, dropped, aborted),
                where);
    }

    /** A frame object that knows which source made it. */
    static final class Frame {
        final int owner;
        long value;

        Frame(int owner) {
            this.owner = owner;
        }
    }

    @Test
    void frameObjectsStayWithTheirSource_reusedAndReleasedOnlyByIt() throws Exception {
        for (Runner runner : List.of(SequentialRunner.create(), ParallelRunner.builder().ringSize(4).maxInFlight(2).build())) {
            Map<Frame, Integer> made = Collections.synchronizedMap(new IdentityHashMap<>());
            Map<Frame, Integer> released = Collections.synchronizedMap(new IdentityHashMap<>());
            AtomicInteger wrongOwner = new AtomicInteger();
            List<Feed<Frame>> feeds = new ArrayList<>();
            for (int k = 0; k < 3; k++) {
                int owner = k;
                int length = 40 + 30 * k;
                feeds.add(Feed.of(new FrameSource<Frame>() {
                    private int n;

                    @Override
                    public Frame next(Frame reuse) {
                        if (n == length) {
                            return null;
                        }
                        if (reuse != null && reuse.owner != owner) {
                            wrongOwner.incrementAndGet();
                        }
                        Frame f = reuse != null && reuse.owner == owner ? reuse : new Frame(owner);
                        made.put(f, owner);
                        f.value = n++;
                        return f;
                    }

                    @Override
                    public void release(Frame frame) {
                        if (frame.owner != owner || released.put(frame, owner) != null) {
                            wrongOwner.incrementAndGet();
                        }
                    }

                    @Override
                    public String name() {
                        return "cam" + owner;
                    }
                }));
            }
            PipelineBuilder<Frame> b = Pipeline.builder("owners");
            Port<Long> out = b.stage("value", b.source(), () -> (in, f) -> in.value * 2 + in.owner);
            PerSource<Frame, Long> sink = new PerSource<>();
            RunReport r = runner.run(b.build(out), feeds, sink, Map.of());
            assertEquals(40 + 70 + 100, r.completed(), runner.mode());
            assertEquals(0, wrongOwner.get(), runner.mode() + ": a source got another's frame object, or a release was wrong or repeated");
            assertEquals(new LinkedHashMap<>(made).size(), released.size(), runner.mode() + ": every frame object released once");
            for (int k = 0; k < 3; k++) {
                List<String> results = sink.outcomes.get("cam" + k);
                for (int n = 0; n < results.size(); n++) {
                    assertEquals(n + " RESULT " + (n * 2L + k), results.get(n), runner.mode());
                }
            }
        }
    }

    @Test
    void metersAreTaggedBySourceAndRun_soTwoRunsOfTwoCamerasNeverCollide() throws Exception {
        metersAreTaggedBySourceAndRun(true);
        metersAreTaggedBySourceAndRun(false);
    }

    private static void metersAreTaggedBySourceAndRun(boolean parallel) throws Exception {
        io.micrometer.core.instrument.simple.SimpleMeterRegistry registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        Runner runner = parallel ? ParallelRunner.builder().meterRegistry(registry).build()
                : SequentialRunner.builder().meterRegistry(registry).build();
        PipelineBuilder<Long> b = Pipeline.builder("metered");
        Pipeline<Long, Long> p = b.build(b.stage("id", b.source(), () -> (in, f) -> in));
        List<dev.stagegraph.Execution<Long>> runs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            runs.add(runner.start(p, List.of(Feed.of(FrameSource.of(LongStream.range(0, 10 + i).boxed().toList())).named("a"),
                    Feed.of(FrameSource.of(LongStream.range(0, 20 + i).boxed().toList())).named("b")), FrameSink.discard(), Map.of()));
        }
        for (dev.stagegraph.Execution<Long> run : runs) {
            run.await();
        }
        java.util.Collection<io.micrometer.core.instrument.FunctionCounter> counters = registry.find("stagegraph.source.frames")
                .tag("outcome", "in").functionCounters();
        assertEquals(4, counters.size(), "one per source and run, " + runner.mode());
        List<Double> counts = new ArrayList<>();
        for (io.micrometer.core.instrument.FunctionCounter c : counters) {
            counts.add(c.count());
        }
        Collections.sort(counts);
        assertEquals(List.of(10.0, 11.0, 20.0, 21.0), counts, runner.mode());
        for (dev.stagegraph.Execution<Long> run : runs) {
            run.close();
        }
        assertEquals(0, registry.find("stagegraph.source.frames").functionCounters().size(), "closing a run removes its meters");
    }

    @Test
    void theSourcesReadsCountAsOneInstancePerSource_soTheIdealBoundSpreadsThemOverTheirThreads() throws Exception {
        PipelineBuilder<Long> b = Pipeline.builder("reads");
        Pipeline<Long, Long> p = b.build(b.stage("id", b.source(), () -> (in, f) -> in));
        for (Runner runner : List.of(ParallelRunner.create(), SequentialRunner.create())) {
            dev.stagegraph.report.RunReport three = runner.run(p, List.of(
                    Feed.of(FrameSource.of(LongStream.range(0, 30).boxed().toList())).named("a"),
                    Feed.of(FrameSource.of(LongStream.range(0, 20).boxed().toList())).named("b"),
                    Feed.of(FrameSource.of(LongStream.range(0, 10).boxed().toList())).named("c")), FrameSink.discard(), Map.of());
            assertEquals(3, three.source().replicas(), runner.mode() + ": a reading thread per source");
            assertEquals(60, three.source().calls() - 3, runner.mode() + ": every read, each source's last (empty) one too");
            dev.stagegraph.report.RunReport one = runner.run(p, FrameSource.of(LongStream.range(0, 10).boxed().toList()),
                    FrameSink.discard());
            assertEquals(1, one.source().replicas(), runner.mode());
        }
    }

    @Test
    void feedsAreChecked() {
        Runner runner = ParallelRunner.create();
        PipelineBuilder<Long> b = Pipeline.builder("checked");
        Pipeline<Long, Long> p = b.build(b.stage("id", b.source(), () -> (in, f) -> in));
        FrameSource<Long> a = FrameSource.of(List.of(1L));
        IllegalArgumentException same = assertThrows(IllegalArgumentException.class,
                () -> runner.start(p, List.of(Feed.of(a), Feed.of(FrameSource.of(List.of(2L)))), FrameSink.discard(), Map.of()));
        assertTrue(same.getMessage().contains("'source'") && same.getMessage().contains("Feed.named"), same.getMessage());
        assertThrows(IllegalArgumentException.class, () -> runner.start(p, List.<Feed<Long>>of(), FrameSink.discard(), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> Feed.of(a).maxInFlight(0));
    }
}
