package dev.stagegraph.bench;

import dev.stagegraph.FrameSink;
import dev.stagegraph.Pipeline;
import dev.stagegraph.runtime.ParallelRunner;
import dev.stagegraph.source.FrameSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code scale-*}: a brief version of the JMH scale and start-up benchmarks. For each chain and fan
 * with the parallel runner's defaults: the median time of {@value #STARTS} whole runs of one frame
 * (start-up, one frame, shutdown), then the frame rate of one batch after a warm-up batch a third
 * its size. A batch has {@value #FRAME_STAGES} / stages frames (at least {@value #MIN_FRAMES}), so
 * that each graph gets about the same work and long chains stay within the quick run's minute.
 */
final class ScaleQuick {
    static final List<String> SHAPES = List.of("chain-1", "chain-4", "chain-16", "chain-64", "fan-2", "fan-8", "fan-32");
    static final int STARTS = 3;
    static final int FRAME_STAGES = 60_000;
    static final int MIN_FRAMES = 1_000;

    private ScaleQuick() {}

    static List<Section> run() throws InterruptedException {
        ParallelRunner runner = ParallelRunner.builder().ringSize(NoopGraphs.DEFAULT_RING).build();
        List<Section> sections = new ArrayList<>();
        for (String shape : SHAPES) {
            Pipeline<Value, Value> pipeline = NoopGraphs.shape(shape);
            int stages = pipeline.stages().size();
            double[] starts = new double[STARTS];
            for (int i = 0; i < STARTS; i++) {
                long t0 = System.nanoTime();
                runner.run(pipeline, FrameSource.of(List.of(new Value())), FrameSink.discard());
                starts[i] = (System.nanoTime() - t0) / 1e6;
            }
            int frames = Math.max(MIN_FRAMES, FRAME_STAGES / stages);
            double fps;
            try (RunnerHarness h = new RunnerHarness(runner, pipeline)) {
                h.run(frames / 3);
                long t0 = System.nanoTime();
                h.run(frames);
                fps = frames * 1e9 / (System.nanoTime() - t0);
            }
            double startup = Stats.median(starts);
            JsonOut json = new JsonOut().put("name", "scale-" + shape).put("stages", stages).put("frames", frames)
                    .put("fps", fps).put("nanosPerFramePerStage", 1e9 / fps / stages).put("startupMillis", startup);
            String row = String.format(Locale.ROOT,
                    "scale-%-9s %3d stages %10.0f FPS %8.1f ns/frame/stage, start+1 frame+stop %6.2f ms", shape, stages, fps,
                    1e9 / fps / stages, startup);
            sections.add(new Section(json, List.of(row), List.of()));
        }
        return sections;
    }
}
