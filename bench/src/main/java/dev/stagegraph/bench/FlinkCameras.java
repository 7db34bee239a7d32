package dev.stagegraph.bench;

import dev.stagegraph.samples.camera.CameraThroughput;
import java.util.Locale;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * {@code flink-cameras-4}: the camera sample's pipeline (shape classifier graph, synthetic 640x360
 * cameras, no video) over 4 cameras, by the parallel runner (one pipeline over all four) and by the
 * Flink runner on a local mini cluster (parallelism 2, one split per camera, the graph inside the
 * reader), each as steady aggregate FPS in this one process, a warm-up run first. The design the
 * Flink runner does not use, one operator per stage, moves each frame's image over Flink's network
 * on every edge that carries it: in this graph three (source to detector, the detector's
 * {@code Detections} with the image to the classifier, source to the renderer's join).
 * {@code perStageTransport} measures that transport alone on this machine: 4 x frames images of
 * 640x360 BGR through three rebalanced hops at parallelism 2 with nothing else to do, which bounds
 * what that design could reach before any stage works.
 */
final class FlinkCameras {
    static final int CAMERAS = 4;
    /** The images' hops over Flink's network in a one-operator-per-stage layout of the camera graph. */
    static final int HOPS = 3;
    private static final TypeInformation<Tuple3<Integer, Long, byte[]>> IMAGE =
            Types.TUPLE(Types.INT, Types.LONG, Types.PRIMITIVE_ARRAY(Types.BYTE));

    private FlinkCameras() {}

    /**
     * Runs the comparison: {@code [--frames N]} per camera (default 150); {@code --machine} prints
     * one line for {@link FlinkQuick}: {@code cameras K <parallel fps> <flink fps> <transport fps> <hops> <image bytes>}.
     */
    static int main(String[] args) throws Exception {
        MachineArgs flags = MachineArgs.parse(args, 150, "flink-cameras-4");
        if (flags == null) {
            return 2;
        }
        int n = flags.frames();
        boolean machine = flags.machine();
        CameraThroughput.parallel(1, 30);
        double parallel = CameraThroughput.parallel(CAMERAS, n);
        double flink = CameraThroughput.flink(CAMERAS, n, 2);
        double transport = transport(CAMERAS, n);
        if (machine) {
            System.out.printf(Locale.ROOT, "cameras %d %f %f %f %d %d%n", CAMERAS, parallel, flink, transport, HOPS, imageBytes());
            return 0;
        }
        System.out.printf(Locale.ROOT, "flink-cameras-4 cameras=%d frames/camera=%d (synthetic %dx%d, steady fps)%n"
                + "  parallelRunner            %6.1f fps%n"
                + "  flinkRunner               %6.1f fps  vsParallelRunner=%.2f%n"
                + "  perStage image transport  %6.1f fps  (%d hops of a %d-byte image, no stage work)%n", CAMERAS, n,
                CameraThroughput.WIDTH, CameraThroughput.HEIGHT, parallel, flink, flink / parallel, transport, HOPS, imageBytes());
        return 0;
    }

    static int imageBytes() {
        return CameraThroughput.WIDTH * CameraThroughput.HEIGHT * 3;
    }

    /** Steady FPS of {@code cameras x frames} images through {@value #HOPS} network hops at parallelism 2. */
    static double transport(int cameras, long frames) throws Exception {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, conf);
        int bytes = imageBytes();
        int k = cameras;
        DataStream<Tuple3<Integer, Long, byte[]>> images = env.fromSource(new NumberSequenceSource(0, k * frames - 1),
                WatermarkStrategy.noWatermarks(), "frames").setParallelism(1)
                .map(i -> Tuple3.of((int) (i % k), i / k, new byte[bytes])).returns(IMAGE).setParallelism(1);
        for (int h = 0; h < HOPS; h++) {
            images = images.rebalance().map(t -> t).returns(IMAGE).setParallelism(2).name("hop " + h);
        }
        TimingSink<Tuple3<Integer, Long, byte[]>> sink = new TimingSink<>();
        images.sinkTo(sink).setParallelism(2);
        env.execute("per-stage image transport");
        long[] s = sink.stats();
        if (s[0] != k * frames) {
            throw new IllegalStateException("expected " + k * frames + " images, got " + s[0]);
        }
        return (s[0] - 1) * 1e9 / (s[2] - s[1]);
    }
}
