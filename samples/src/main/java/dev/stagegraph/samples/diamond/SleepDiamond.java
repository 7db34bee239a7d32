package dev.stagegraph.samples.diamond;

import dev.stagegraph.FrameContext;
import dev.stagegraph.JoinStage;
import dev.stagegraph.Pipeline;
import dev.stagegraph.PipelineBuilder;
import dev.stagegraph.Port;
import dev.stagegraph.Stage;
import dev.stagegraph.StageContext;
import dev.stagegraph.StageOptions;
import java.util.concurrent.TimeUnit;

/**
 * The seed's diamond with stages that simulate their work by sleeping, so the ideal frame rates
 * are known: detector 5 ms, then size estimator 10 ms and classifier 15 ms side by side, then the
 * aggregator 2 ms; the classifier's {@code open} takes 500 ms, like loading a model.
 *
 * <pre>
 *             +--> size (10 ms) --------+
 *  source --> detector (5 ms)           +--> aggregator (2 ms) --> sink
 *             +--> classifier (15 ms) --+
 * </pre>
 *
 * Sequentially a frame costs 32 ms (about 31 FPS); pipelined, the slowest stage bounds the rate at
 * 1 / 15 ms (about 67 FPS); with the classifier ×3 and the size estimator ×2 the bound is the
 * detector's 1 / 5 ms (200 FPS).
 */
public final class SleepDiamond {
    /** Detector cost per frame, in milliseconds. */
    public static final int DETECTOR_MS = 5;
    /** Size estimator cost per frame, in milliseconds. */
    public static final int SIZE_MS = 10;
    /** Classifier cost per frame, in milliseconds. */
    public static final int CLASSIFIER_MS = 15;
    /** Aggregator cost per frame, in milliseconds. */
    public static final int AGGREGATOR_MS = 2;
    /** Classifier open cost, in milliseconds. */
    public static final int CLASSIFIER_OPEN_MS = 500;

    private SleepDiamond() {}

    /**
     * Builds the diamond.
     *
     * @param sizeReplicas instances of the size estimator
     * @param classifierReplicas instances of the classifier
     * @return the pipeline: frame numbers in, one summary line per frame out
     */
    public static Pipeline<Long, String> pipeline(int sizeReplicas, int classifierReplicas) {
        PipelineBuilder<Long> b = Pipeline.builder("diamond");
        Port<Long> detections = b.stage("detector", b.source(), () -> new Sleeper<Long>(DETECTOR_MS, 0),
                StageOptions.defaults().ordered());
        Port<Long> sizes = b.stage("size", detections, () -> new Sleeper<Long>(SIZE_MS, 0),
                StageOptions.defaults().replicas(sizeReplicas));
        Port<Long> classes = b.stage("classifier", detections, () -> new Sleeper<Long>(CLASSIFIER_MS, CLASSIFIER_OPEN_MS),
                StageOptions.defaults().replicas(classifierReplicas));
        Port<String> summary = b.join("aggregator", sizes, classes, Aggregator::new, StageOptions.defaults().ordered());
        return b.build(summary);
    }

    /** Sleeps a fixed time per frame and passes the frame number on. */
    static final class Sleeper<T> implements Stage<T, Long> {
        private final int millis;
        private final int openMillis;

        Sleeper(int millis, int openMillis) {
            this.millis = millis;
            this.openMillis = openMillis;
        }

        @Override
        public void open(StageContext context) throws InterruptedException {
            TimeUnit.MILLISECONDS.sleep(openMillis);
        }

        @Override
        public Long process(T input, FrameContext ctx) throws InterruptedException {
            long frame = ctx.number();
            TimeUnit.MILLISECONDS.sleep(millis);
            return frame;
        }
    }

    /** Joins both branches and keeps a running count. */
    static final class Aggregator implements JoinStage<Long, Long, String> {
        private long frames;

        @Override
        public String process(Long size, Long label, FrameContext ctx) throws InterruptedException {
            long frame = ctx.number();
            TimeUnit.MILLISECONDS.sleep(AGGREGATOR_MS);
            frames++;
            if (size != frame || label != frame) {
                throw new IllegalStateException("frame " + frame + " joined size of " + size + " and class of " + label);
            }
            return "frame " + frame + " (" + frames + " aggregated)";
        }
    }
}
