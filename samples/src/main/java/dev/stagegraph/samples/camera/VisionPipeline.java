package dev.stagegraph.samples.camera;

import dev.stagegraph.Pipeline;
import dev.stagegraph.PipelineBuilder;
import dev.stagegraph.Port;
import dev.stagegraph.StageOptions;
import java.nio.file.Path;
import java.util.List;

/**
 * The camera sample's graph, the seed's diamond with real work:
 *
 * <pre>
 *                        +--> size (geometry, metres) ---+
 *  frame --> detector ---+                               +--> aggregator --> render ------> sink
 *     |      (MOG2)      +--> classifier (random forest) +    (tracks)       (draw, JPEG)   (AVI)
 *     +-----------------------------------------------------------------------^
 * </pre>
 *
 * The detector and the aggregator keep state across frames, so they are declared
 * {@linkplain StageOptions#ordered() ordered} and run as one instance each; the size estimator and
 * the classifier are stateless and may be replicated, and so is the renderer, which reads the frame
 * and the aggregator's result and encodes the annotated frame for the video.
 */
final class VisionPipeline {
    private VisionPipeline() {}

    /**
     * What the stages need.
     *
     * @param detectScale the factor frames are resized by before background subtraction
     * @param trainingSeed the classifier's training-set seed
     * @param sizeReplicas instances of the size estimator
     * @param classifierReplicas instances of the classifier
     * @param renderReplicas instances of the renderer
     * @param faceModel a folder with OpenCV's DNN face detector for the classifier, or {@code null}
     */
    record Settings(double detectScale, long trainingSeed, int sizeReplicas, int classifierReplicas,
            int renderReplicas, Path faceModel) {}

    /**
     * Builds the graph. What differs from camera to camera or run to run is bound when a run starts:
     * {@link SizeEstimator#GROUND} (required) and {@link Renderer#CAPTION}.
     *
     * @param s the settings
     * @return the pipeline: frames in, one {@link Annotated} result per frame out
     */
    static Pipeline<Frame, Annotated> build(Settings s) {
        PipelineBuilder<Frame> b = Pipeline.builder("camera");
        Port<Detections> detections = b.stage("detector", b.source(), () -> new Detector(s.detectScale()),
                StageOptions.defaults().ordered());
        Port<List<SizeEstimate>> sizes = b.stage("size", detections, SizeEstimator::new,
                StageOptions.defaults().replicas(s.sizeReplicas()));
        Port<List<Label>> labels = b.stage("classifier", detections,
                () -> new ShapeClassifier(s.trainingSeed(), ShapeClassifier.EXAMPLES_PER_KIND, s.faceModel()),
                StageOptions.defaults().replicas(s.classifierReplicas()));
        Port<FrameResult> results = b.join("aggregator", sizes, labels, Aggregator::new, StageOptions.defaults().ordered());
        Port<Annotated> annotated = b.join("render", b.source(), results, Renderer::new,
                StageOptions.defaults().replicas(s.renderReplicas()));
        return b.build(annotated);
    }
}
