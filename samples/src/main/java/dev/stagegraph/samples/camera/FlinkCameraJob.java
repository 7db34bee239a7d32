package dev.stagegraph.samples.camera;

import dev.stagegraph.flink.FlinkRunner;
import dev.stagegraph.flink.FrameResult;
import dev.stagegraph.flink.FrameResultTypeInfo;
import dev.stagegraph.flink.NamedSource;
import dev.stagegraph.flink.PrintResultSink;
import dev.stagegraph.samples.Flags;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The camera sample as a job for a real Flink cluster:
 * {@code flink run -c dev.stagegraph.samples.camera.FlinkCameraJob samples/target/samples.jar --source A --source B ...}.
 * The same pipeline and the same flags as {@code camera --runner flink}; the environment is the one
 * {@code flink run} provides (its restart strategy and checkpointing come from the cluster's
 * configuration), each {@code --source} is one split, and each frame's result is printed to the
 * task manager's standard output as one line: the camera, the frame, its objects and the camera's
 * confirmed tracks per class so far ({@link PrintResultSink}; a real deployment writes to Kafka or
 * files instead). Every source and model path must be readable at the same path on every task
 * manager.
 */
public final class FlinkCameraJob {
    private static final Set<String> FLAGS = Set.of("source", "frames", "model", "model-input", "min-score", "detect-scale", "ground",
            "seed", "size", "cv-threads", "size-replicas", "classifier-replicas", "in-flight", "parallelism");

    private FlinkCameraJob() {}

    /**
     * Builds and runs the job.
     *
     * @param args {@code --source SPEC} (repeat it; {@code NAME=SPEC} names one), {@code --parallelism N}
     *     (readers; default the environment's), and the camera sample's {@code --frames}, {@code --model},
     *     {@code --model-input}, {@code --min-score}, {@code --detect-scale}, {@code --ground}, {@code --seed},
     *     {@code --size}, {@code --cv-threads}, {@code --size-replicas}, {@code --classifier-replicas},
     *     {@code --in-flight}
     * @throws IllegalArgumentException naming a flag that is wrong
     * @throws Exception if the job fails
     */
    public static void main(String[] args) throws Exception {
        Flags flags = Flags.parse(args, FLAGS);
        CameraOptions o = CameraOptions.of(flags);
        CameraJob job = CameraJob.of(o);
        List<NamedSource<Frame>> sources = new ArrayList<>();
        for (Camera c : o.cameras()) {
            String spec = c.spec();
            job.source(spec);
            sources.add(NamedSource.of(c.name(), () -> job.source(spec)));
        }
        FlinkRunner.Builder runner = FlinkRunner.builder().meteredLocalRunner(job::localRunner).params(job::params);
        if (flags.has("parallelism")) {
            runner.parallelism(flags.getInt("parallelism", 1));
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        DataStream<FrameResult<Annotated>> results = runner.build().stream(env, job::pipeline, sources, new AnnotatedTypeInfo());
        results.map(FlinkCameraJob::line).returns(FrameResultTypeInfo.of(Types.STRING)).setParallelism(results.getParallelism())
                .name("describe").sinkTo(new PrintResultSink<>()).setParallelism(results.getParallelism()).name("print");
        env.execute("stagegraph camera: " + o.source());
    }

    /** A frame's result as one line: its objects and the camera's confirmed tracks per class so far. */
    static FrameResult<String> line(FrameResult<Annotated> r) {
        String text = null;
        if (r.value() != null && r.value().result() != null) {
            dev.stagegraph.samples.camera.FrameResult f = r.value().result();
            StringJoiner tracks = new StringJoiner(", ");
            f.tally().tracksPerClass().forEach((c, n) -> tracks.add(c + " " + n));
            text = f.objects().size() + " objects, tracks: " + tracks;
        }
        return new FrameResult<>(r.source(), r.frame(), r.kind(), text, r.failure());
    }
}
