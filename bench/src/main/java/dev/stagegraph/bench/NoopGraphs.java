package dev.stagegraph.bench;

import dev.stagegraph.FrameContext;
import dev.stagegraph.Inputs;
import dev.stagegraph.JoinStage;
import dev.stagegraph.MultiStage;
import dev.stagegraph.Pipeline;
import dev.stagegraph.PipelineBuilder;
import dev.stagegraph.Port;
import dev.stagegraph.Stage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The graphs whose stages do almost nothing, so that what is measured is the framework: the seed's
 * diamond, chains and fans. Every stage returns a pooled {@link Value}, so the stages allocate
 * nothing and any allocation measured is the runner's.
 *
 * <pre>
 * diamond:  source -> detector -+-> size -------+-> aggregator
 *                               +-> classifier -+
 * chain-n:  source -> step0 -> step1 -> ... -> step(n-1)
 * fan-w:    source -+-> branch0 ------+-> join (joinAll)
 *                   +-> ...           |
 *                   +-> branch(w-1) --+
 * </pre>
 */
final class NoopGraphs {
    /** The runtime's default ring size: 64 slots. */
    static final int DEFAULT_RING = 64;
    /** The largest ring the benchmarks use, and the size of every stage's {@link Value.Pool}. */
    static final int MAX_RING = 1024;

    private NoopGraphs() {}

    /** The no-op diamond. */
    static Pipeline<Value, Value> diamond(String name) {
        PipelineBuilder<Value> b = Pipeline.builder(name);
        Port<Value> detections = b.stage("detector", b.source(), Detector::new);
        Port<Value> sizes = b.stage("size", detections, SizeEstimator::new);
        Port<Value> labels = b.stage("classifier", detections, Classifier::new);
        return b.build(b.join("aggregator", sizes, labels, Aggregator::new));
    }

    /** A graph named like {@code chain-16} or {@code fan-8}. */
    static Pipeline<Value, Value> shape(String shape) {
        int dash = shape.indexOf('-');
        String kind = dash < 0 ? shape : shape.substring(0, dash);
        int n = dash < 0 ? 0 : Integer.parseInt(shape.substring(dash + 1));
        return switch (kind) {
            case "chain" -> chain(n);
            case "fan" -> fan(n);
            default -> throw new IllegalArgumentException("unknown shape '" + shape + "': use chain-N or fan-N");
        };
    }

    /** A chain of {@code length} steps. */
    static Pipeline<Value, Value> chain(int length) {
        PipelineBuilder<Value> b = Pipeline.builder("chain-" + length);
        Port<Value> last = b.source();
        for (int i = 0; i < length; i++) {
            last = b.stage("step" + i, last, Step::new);
        }
        return b.build(last);
    }

    /** {@code width} branches on the source, joined by one {@code joinAll} stage. */
    static Pipeline<Value, Value> fan(int width) {
        PipelineBuilder<Value> b = Pipeline.builder("fan-" + width);
        List<Port<Value>> branches = new ArrayList<>(width);
        for (int i = 0; i < width; i++) {
            branches.add(b.stage("branch" + i, b.source(), Step::new));
        }
        List<Port<Value>> inputs = List.copyOf(branches);
        Supplier<SumAll> join = () -> new SumAll(inputs);
        return b.build(b.joinAll("join", inputs, join));
    }

    /** Detects. */
    static final class Detector implements Stage<Value, Value> {
        private final Value.Pool out = new Value.Pool();

        @Override
        public Value process(Value frame, FrameContext context) {
            return out.put(context.number(), NoopWork.detect(frame.value));
        }
    }

    /** Estimates sizes. */
    static final class SizeEstimator implements Stage<Value, Value> {
        private final Value.Pool out = new Value.Pool();

        @Override
        public Value process(Value detections, FrameContext context) {
            return out.put(context.number(), NoopWork.size(detections.value));
        }
    }

    /** Classifies. */
    static final class Classifier implements Stage<Value, Value> {
        private final Value.Pool out = new Value.Pool();

        @Override
        public Value process(Value detections, FrameContext context) {
            return out.put(context.number(), NoopWork.classify(detections.value));
        }
    }

    /** Joins sizes and classes. */
    static final class Aggregator implements JoinStage<Value, Value, Value> {
        private final Value.Pool out = new Value.Pool();

        @Override
        public Value process(Value size, Value label, FrameContext context) {
            return out.put(context.number(), NoopWork.aggregate(size.value, label.value));
        }
    }

    /** One step of a chain or one branch of a fan. */
    static final class Step implements Stage<Value, Value> {
        private final Value.Pool out = new Value.Pool();

        @Override
        public Value process(Value in, FrameContext context) {
            return out.put(context.number(), NoopWork.step(in.value));
        }
    }

    /** Sums every branch of a fan. */
    static final class SumAll implements MultiStage<Value> {
        private final List<Port<Value>> inputs;
        private final Value.Pool out = new Value.Pool();

        SumAll(List<Port<Value>> inputs) {
            this.inputs = inputs;
        }

        @Override
        public Value process(Inputs values, FrameContext context) {
            long sum = 0;
            for (int k = 0; k < inputs.size(); k++) {
                sum += values.get(inputs.get(k)).value;
            }
            return out.put(context.number(), sum);
        }
    }
}
