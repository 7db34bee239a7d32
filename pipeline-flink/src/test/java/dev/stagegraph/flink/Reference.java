package dev.stagegraph.flink;

import dev.stagegraph.Outcome;
import dev.stagegraph.Pipeline;
import dev.stagegraph.Results;
import dev.stagegraph.runtime.SequentialRunner;
import dev.stagegraph.source.FrameSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** The sequential runner's results as the Flink runner records them, and helpers to compare. */
final class Reference {
    private Reference() {}

    /** The frames of one test source: {@code length} seeded values. */
    static List<Long> frames(long seed, int length) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Long> frames = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            frames.add(rnd.nextLong());
        }
        return frames;
    }

    /** A serializable factory of the source {@link #frames} describes. */
    static SerializableSupplier<FrameSource<Long>> source(long seed, int length) {
        return () -> FrameSource.of(frames(seed, length));
    }

    static <R> List<FrameResult<R>> sequential(Pipeline<Long, R> pipeline, String name, List<Long> frames) {
        List<FrameResult<R>> out = new ArrayList<>();
        try (Results<Long, R> results = SequentialRunner.create().results(pipeline,
                new SplitRun.RenamedSource<>(FrameSource.of(frames), name))) {
            while (results.hasNext()) {
                Outcome<Long, R> o = results.next();
                out.add(FrameResult.of(o, o.frame().number()));
            }
        }
        return out;
    }

    /** Groups records by source, keeping arrival order within each. */
    static <R> Map<String, List<FrameResult<R>>> bySource(List<FrameResult<R>> records) {
        Map<String, List<FrameResult<R>>> map = new LinkedHashMap<>();
        for (FrameResult<R> r : records) {
            map.computeIfAbsent(r.source(), k -> new ArrayList<>()).add(r);
        }
        return map;
    }
}
