package dev.stagegraph.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.stagegraph.Pipeline;
import dev.stagegraph.runtime.ParallelRunner;
import dev.stagegraph.runtime.RandomDag;
import dev.stagegraph.source.FrameSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A source's run inside a reader, without Flink: where a restored run resumes. */
class SplitRunTest {

    private static List<Object> runFrom(FrameSource<Long> source, Pipeline<Long, Long> pipeline, long next) throws InterruptedException {
        BlockingQueue<Object> items = new ArrayBlockingQueue<>(1000);
        SplitRun<Long, Long> run = new SplitRun<>(new SourceSplitState(0, "cam", new byte[0], next), source, pipeline,
                ParallelRunner.create(), Map.of(), (item, cancelled) -> items.add(item));
        run.start();
        List<Object> got = new ArrayList<>();
        while (true) {
            Object item = items.poll(30, TimeUnit.SECONDS);
            got.add(item);
            if (item == null || item instanceof SplitRun.End) {
                return got;
            }
        }
    }

    /** A recorded source replays from its first frame, so stateful stages give the uninterrupted run's values after the resume point. */
    @Test
    void aRestoredRecordedSourceEmitsFromTheCheckpointedFrameWithRebuiltState() throws InterruptedException {
        Pipeline<Long, Long> pipeline = RandomDag.generate(5, true, 0);
        List<Long> frames = Reference.frames(5, 40);
        List<Object> got = runFrom(FrameSource.of(frames), pipeline, 15);
        SplitRun.End end = (SplitRun.End) got.remove(got.size() - 1);
        assertNull(end.error());
        assertEquals(15, end.replayed());
        assertEquals(Reference.sequential(pipeline, "cam", frames).subList(15, 40), got);
    }

    /** A live source cannot replay: it numbers its frames on from the checkpointed frame. */
    @Test
    void aRestoredLiveSourceNumbersOnFromTheCheckpointedFrame() throws InterruptedException {
        Pipeline<Long, Long> pipeline = RandomDag.generate(6, false, 0);
        List<Long> frames = Reference.frames(6, 10);
        FrameSource<Long> live = new FrameSource<>() {
            private int next;

            @Override
            public Long next(Long reuse) {
                return next < frames.size() ? frames.get(next++) : null;
            }

            @Override
            public boolean live() {
                return true;
            }
        };
        List<Object> got = runFrom(live, pipeline, 100);
        SplitRun.End end = (SplitRun.End) got.remove(got.size() - 1);
        assertNull(end.error());
        assertEquals(0, end.replayed());
        assertEquals(10, got.size());
        for (int i = 0; i < got.size(); i++) {
            assertEquals(100 + i, ((FrameResult<?>) got.get(i)).frame());
        }
    }
}
