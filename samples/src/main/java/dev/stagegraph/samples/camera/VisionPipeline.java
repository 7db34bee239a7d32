package dev.stagegraph.samples.camera;

import dev.stagegraph.Pipeline;
import dev.stagegraph.PipelineBuilder;
import dev.stagegraph.Port;
import dev.stagegraph.StageOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The camera sample's graph, in one of two shapes.
 *
 * <p>On the synthetic feed without a model, the seed's diamond with real work: the shape classifier
 * (a random forest trained on the feed's four kinds) labels the detector's blobs.
 * <pre>
 *                        +--&gt; size (geometry, metres) ---+
 *  frame --&gt; detector ---+                               +--&gt; aggregator --&gt; render ------&gt; sink
 *     |      (MOG2)      +--&gt; classifier (random forest) +    (tracks)       (draw)         (video)
 *     +-----------------------------------------------------------------------^
 * </pre>
 *
 * <p>With a model (or on real footage without one), the classifier is {@link YoloxStage}: YOLOX-Nano
 * on the whole frame, the expensive stage that replicas are for, whose boxes replace the blobs; the
 * size branch measures its boxes and {@code labels} (a map) turns them into the aggregator's labels.
 * Without a model it labels the blobs "object", a label it can know.
 * <pre>
 *  frame --&gt; detector --&gt; classifier (YOLOX, xN) --+--&gt; size ----+--&gt; aggregator --&gt; render --&gt; sink
 *                                                  +--&gt; labels --+
 * </pre>
 *
 * The detector (its background model) and the aggregator (its tracker) keep state across a
 * camera's frames, so they are declared {@linkplain StageOptions#ordered() ordered} and
 * {@linkplain StageOptions#perSource() per source}: one instance per camera, each fed only its
 * camera's frames in order (one instance in all with one camera). The size estimator and the
 * classifiers are stateless and may be replicated, shared by every camera, and so is the renderer, which draws each
 * annotated frame into a new {@code Mat} that the runtime releases after the sink
 * ({@code b.release}).
 */
final class VisionPipeline {
    private VisionPipeline() {}

    /**
     * What the stages need.
     *
     * @param detectScale the factor frames are resized by before background subtraction
     * @param trainingSeed the shape classifier's training-set seed
     * @param sizeReplicas instances of the size estimator
     * @param classifierReplicas instances of the classifier (the shape classifier or YOLOX)
     * @param renderReplicas instances of the renderer
     * @param faceModel a folder with OpenCV's DNN face detector for the shape classifier, or {@code null}
     * @param yolox whether the classifier is {@link YoloxStage} (a model, or real footage) rather
     *     than the shape classifier
     * @param model YOLOX-Nano's ONNX file, or {@code null} for "object" labels; only with {@code yolox}
     * @param modelInput the network's input side, a multiple of 32
     * @param minScore the lowest score the model's boxes are kept at, in (0, 1]
     */
    record Settings(double detectScale, long trainingSeed, int sizeReplicas, int classifierReplicas,
            int renderReplicas, Path faceModel, boolean yolox, Path model, int modelInput, float minScore) {

        /**
         * The labels the classifier gives, in the order the summary lists them.
         *
         * @return the synthetic kinds, COCO's six street classes, or "object"
         */
        List<String> classes() {
            List<String> classes = new ArrayList<>();
            if (!yolox) {
                Kind.all().forEach(k -> classes.add(k.label()));
            } else if (model == null) {
                classes.add(ObjectClass.OBJECT.label());
            } else {
                for (ObjectClass c : ObjectClass.values()) {
                    if (c.coco >= 0) {
                        classes.add(c.label());
                    }
                }
            }
            return classes;
        }
    }

    /**
     * Builds the graph. What differs from camera to camera or run to run is bound when a run starts:
     * {@link SizeEstimator#GROUND} (required), {@link Renderer#CAPTION} and {@link Renderer#JPEG}.
     *
     * @param s the settings
     * @return the pipeline: frames in, one {@link Annotated} result per frame out
     */
    static Pipeline<Frame, Annotated> build(Settings s) {
        PipelineBuilder<Frame> b = Pipeline.builder("camera");
        Port<Detections> detections = b.stage("detector", b.source(), () -> new Detector(s.detectScale()),
                StageOptions.defaults().ordered().perSource());
        Port<List<SizeEstimate>> sizes;
        Port<List<Label>> labels;
        if (s.yolox()) {
            Port<Sightings> sightings = YoloxStage.wire(b, detections, s.model(), s.modelInput(), s.minScore(),
                    s.classifierReplicas());
            sizes = b.stage("size", sightings, SightingSizes::new, StageOptions.defaults().replicas(s.sizeReplicas()));
            labels = b.map("labels", sightings, Label::of);
        } else {
            sizes = b.stage("size", detections, SizeEstimator::new, StageOptions.defaults().replicas(s.sizeReplicas()));
            labels = b.stage("classifier", detections,
                    () -> new ShapeClassifier(s.trainingSeed(), ShapeClassifier.EXAMPLES_PER_KIND, s.faceModel()),
                    StageOptions.defaults().replicas(s.classifierReplicas()));
        }
        List<String> classes = s.classes();
        Port<FrameResult> results = b.join("aggregator", sizes, labels, () -> new Aggregator(classes),
                StageOptions.defaults().ordered().perSource());
        Port<Annotated> annotated = b.join("render", b.source(), results, Renderer::new,
                StageOptions.defaults().replicas(s.renderReplicas()));
        b.release(annotated, Annotated::release);
        return b.build(annotated);
    }
}
