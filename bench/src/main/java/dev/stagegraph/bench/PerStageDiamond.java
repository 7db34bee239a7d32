package dev.stagegraph.bench;

import dev.stagegraph.samples.diamond.SleepDiamond;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.api.java.tuple.Tuple4;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The design the Flink runner does not use, built by hand for the sleep diamond so it can be
 * measured: each stage its own Flink operator (the same sleeps as {@link SleepDiamond}), values
 * crossing Flink's network as serialized tuples (with the image bytes a vision graph's frames carry), the join keyed by (source, frame) with keyed
 * state, and the ordered aggregator re-establishing frame order per source from a keyed buffer.
 */
final class PerStageDiamond {
    private static final TypeInformation<Tuple3<String, Long, Long>> FRAME = Types.TUPLE(Types.STRING, Types.LONG, Types.LONG);
    private static final TypeInformation<Tuple4<String, Long, Long, byte[]>> IMAGE =
            Types.TUPLE(Types.STRING, Types.LONG, Types.LONG, Types.PRIMITIVE_ARRAY(Types.BYTE));
    private static final TypeInformation<Tuple4<String, Long, Integer, Long>> BRANCH =
            Types.TUPLE(Types.STRING, Types.LONG, Types.INT, Types.LONG);

    private PerStageDiamond() {}

    /**
     * Adds the job to {@code env}: {@code sources} cameras of {@code frames} frames each,
     * interleaved; each frame carries {@code imageBytes} of pixels from the source through the
     * detector to both branches, as a vision graph's image would (0 for none).
     */
    static DataStream<Tuple3<String, Long, Long>> build(StreamExecutionEnvironment env, int sources, long frames, int imageBytes) {
        int k = sources;
        DataStream<Tuple4<String, Long, Long, byte[]>> in = env.fromSource(new NumberSequenceSource(0, k * frames - 1),
                WatermarkStrategy.noWatermarks(), "frames").setParallelism(1)
                .map(i -> Tuple4.of("cam" + (i % k), i / k, i / k, new byte[imageBytes])).returns(IMAGE).setParallelism(1);
        DataStream<Tuple4<String, Long, Long, byte[]>> detections = in.keyBy(t -> t.f0, Types.STRING)
                .map(t -> sleep(SleepDiamond.DETECTOR_MS, t)).returns(IMAGE).setParallelism(k).name("detector");
        DataStream<Tuple4<String, Long, Integer, Long>> sizes = detections.rebalance()
                .map(t -> Tuple4.of(t.f0, t.f1, 0, sleep(SleepDiamond.SIZE_MS, t).f2 + t.f3.length)).returns(BRANCH).setParallelism(2 * k).name("size");
        DataStream<Tuple4<String, Long, Integer, Long>> classes = detections.rebalance()
                .map(t -> Tuple4.of(t.f0, t.f1, 1, sleep(SleepDiamond.CLASSIFIER_MS, t).f2 + t.f3.length)).returns(BRANCH).setParallelism(3 * k)
                .name("classifier");
        DataStream<Tuple3<String, Long, Long>> joined = sizes.union(classes).keyBy(t -> t.f0 + "#" + t.f1, Types.STRING)
                .process(new Join()).returns(FRAME).setParallelism(k).name("join");
        return joined.keyBy(t -> t.f0, Types.STRING).process(new Aggregator()).returns(FRAME).setParallelism(k).name("aggregator");
    }

    static <T> T sleep(int millis, T value) throws InterruptedException {
        TimeUnit.MILLISECONDS.sleep(millis);
        return value;
    }

    /** Joins the two branches of one (source, frame). */
    static final class Join extends KeyedProcessFunction<String, Tuple4<String, Long, Integer, Long>, Tuple3<String, Long, Long>> {
        private transient ValueState<Long> other;

        @Override
        public void open(org.apache.flink.api.common.functions.OpenContext context) {
            other = getRuntimeContext().getState(new ValueStateDescriptor<>("other", Types.LONG));
        }

        @Override
        public void processElement(Tuple4<String, Long, Integer, Long> t, Context ctx, Collector<Tuple3<String, Long, Long>> out)
                throws Exception {
            Long seen = other.value();
            if (seen == null) {
                other.update(t.f3);
                return;
            }
            other.clear();
            out.collect(Tuple3.of(t.f0, t.f1, seen ^ t.f3));
        }
    }

    /** The ordered aggregator: buffers per source until the next frame in order is there. */
    static final class Aggregator extends KeyedProcessFunction<String, Tuple3<String, Long, Long>, Tuple3<String, Long, Long>> {
        private transient MapState<Long, Long> pending;
        private transient ValueState<Long> next;

        @Override
        public void open(org.apache.flink.api.common.functions.OpenContext context) {
            pending = getRuntimeContext().getMapState(new MapStateDescriptor<>("pending", Types.LONG, Types.LONG));
            next = getRuntimeContext().getState(new ValueStateDescriptor<>("next", Types.LONG));
        }

        @Override
        public void processElement(Tuple3<String, Long, Long> t, Context ctx, Collector<Tuple3<String, Long, Long>> out) throws Exception {
            pending.put(t.f1, t.f2);
            long n = next.value() == null ? 0 : next.value();
            while (pending.contains(n)) {
                Long value = pending.get(n);
                pending.remove(n);
                out.collect(sleep(SleepDiamond.AGGREGATOR_MS, Tuple3.of(t.f0, n, value)));
                n++;
            }
            next.update(n);
        }
    }
}
