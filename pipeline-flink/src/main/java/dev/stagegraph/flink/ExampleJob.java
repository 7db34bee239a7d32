package dev.stagegraph.flink;

import dev.stagegraph.FrameContext;
import dev.stagegraph.Pipeline;
import dev.stagegraph.PipelineBuilder;
import dev.stagegraph.Port;
import dev.stagegraph.Stage;
import dev.stagegraph.StageOptions;
import dev.stagegraph.source.FrameSource;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The job jar's main class: a small pipeline (a per-camera running checksum, then a line per
 * frame) over generated cameras, printed by {@link PrintResultSink}. It shows the shape of a real
 * job's main: build the pipeline in a static method, name one source factory per camera, hand both
 * to a {@link FlinkRunner}, run in the environment {@code flink run} provides (or a local one when
 * started with {@code java}). See the module README for the command.
 */
public final class ExampleJob {
    private ExampleJob() {}

    /**
     * The example pipeline: frames are numbers; {@code checksum} (ordered, per camera) mixes each
     * into a running value; {@code line} formats it.
     *
     * @return the pipeline
     */
    public static Pipeline<Long, String> pipeline() {
        PipelineBuilder<Long> b = Pipeline.builder("example");
        Port<Long> sums = b.stage("checksum", b.source(), Checksum::new, StageOptions.defaults().ordered());
        return b.build(b.map("line", sums, v -> Long.toHexString(v)));
    }

    /** A per-camera running checksum: the stage state a camera's reader owns. */
    static final class Checksum implements Stage<Long, Long> {
        private long state = 0x9E3779B97F4A7C15L;

        @Override
        public Long process(Long frame, FrameContext ctx) {
            state = Long.rotateLeft(state ^ frame, 17) * 0xBF58476D1CE4E5B9L;
            return state;
        }
    }

    static FrameSource<Long> camera(int frames) {
        List<Long> list = new ArrayList<>(frames);
        for (long i = 0; i < frames; i++) {
            list.add(i);
        }
        return FrameSource.of(list);
    }

    /**
     * Runs the example job.
     *
     * @param args {@code [--cameras N] [--frames M] [--parallelism P]}: N generated cameras (4) of
     *     M frames (1000) each, over P readers (2)
     * @throws Exception if the job fails
     */
    public static void main(String[] args) throws Exception {
        int cameras = 4;
        int frames = 1000;
        int parallelism = 2;
        for (int i = 0; i + 1 < args.length; i += 2) {
            int value = Integer.parseInt(args[i + 1]);
            switch (args[i]) {
                case "--cameras":
                    cameras = value;
                    break;
                case "--frames":
                    frames = value;
                    break;
                case "--parallelism":
                    parallelism = value;
                    break;
                default:
                    throw new IllegalArgumentException("unknown option " + args[i] + ": use --cameras N, --frames M, --parallelism P");
            }
        }
        int m = frames;
        List<NamedSource<Long>> sources = new ArrayList<>();
        for (int c = 0; c < cameras; c++) {
            sources.add(NamedSource.of("cam" + c, () -> camera(m)));
        }
        FlinkRunner.builder().parallelism(parallelism).build().run(StreamExecutionEnvironment.getExecutionEnvironment(),
                ExampleJob::pipeline, sources, Types.STRING, new PrintResultSink<>());
    }
}
