package dev.stagegraph.samples.camera;

import dev.stagegraph.Param;
import dev.stagegraph.Pipeline;
import dev.stagegraph.Runner;
import dev.stagegraph.runtime.ParallelRunner;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a Flink task manager needs to make the camera sample's pipeline, its local runner, its run
 * parameters and its sources: the parsed flags as plain values. {@link VisionPipeline.Settings}
 * holds {@link Path}s and {@link GroundPlane} is not serializable, so the client ships this record
 * and each task manager rebuilds those from it. Immutable and serializable.
 *
 * @param detectScale the detector's resize factor
 * @param seed the synthetic feed's and the training set's seed
 * @param sizeReplicas size estimator instances
 * @param classifierReplicas classifier instances
 * @param renderReplicas renderer instances
 * @param faceModel the face model's folder, or {@code null}
 * @param yolox whether the classifier is YOLOX (a model, or real footage)
 * @param model YOLOX-Nano's ONNX file, or {@code null}
 * @param modelInput the network's input side
 * @param minScore the lowest score a box is kept at
 * @param horizonRow the ground plane's horizon row
 * @param cameraHeight the ground plane's camera height in metres
 * @param frames the most frames per source, or -1 for the source's default
 * @param width the synthetic frame width
 * @param height the synthetic frame height
 * @param cvThreads OpenCV's own thread pool on the task manager
 * @param inFlight the most frames in flight in each source's parallel run
 */
record CameraJob(double detectScale, long seed, int sizeReplicas, int classifierReplicas, int renderReplicas, String faceModel,
        boolean yolox, String model, int modelInput, float minScore, double horizonRow, double cameraHeight, long frames, int width,
        int height, int cvThreads, int inFlight) implements Serializable {

    /**
     * The job of the parsed flags.
     *
     * @param o the options
     * @return the job
     */
    static CameraJob of(CameraOptions o) {
        VisionPipeline.Settings s = o.settings();
        return new CameraJob(s.detectScale(), o.seed(), s.sizeReplicas(), s.classifierReplicas(), s.renderReplicas(),
                s.faceModel() == null ? null : s.faceModel().toString(), s.yolox(), s.model() == null ? null : s.model().toString(),
                s.modelInput(), s.minScore(), o.ground().horizonRow(), o.ground().cameraHeight(), o.frames(), o.width(), o.height(),
                o.cvThreads(), o.inFlight());
    }

    /**
     * The stages' settings, as the local runs use them.
     *
     * @return the settings
     */
    VisionPipeline.Settings settings() {
        return new VisionPipeline.Settings(detectScale, seed, sizeReplicas, classifierReplicas, renderReplicas,
                faceModel == null ? null : Path.of(faceModel), yolox, model == null ? null : Path.of(model), modelInput, minScore);
    }

    /**
     * The camera pipeline, exactly as the local runners get it; also sets OpenCV's thread pool in
     * this process (the task manager's), as the command line does for a local run.
     *
     * @return the pipeline
     */
    Pipeline<Frame, Annotated> pipeline() {
        OpenCv.threads(cvThreads);
        return VisionPipeline.build(settings());
    }

    /**
     * The run parameters: the ground plane, and no caption and no JPEG, so the renderer draws
     * nothing and each result is plain data (an annotated image is native memory the runtime frees
     * after the sink; it cannot wait in Flink's buffers).
     *
     * @return the bindings
     */
    Map<Param<?>, ?> params() {
        return Map.of(SizeEstimator.GROUND, new GroundPlane(horizonRow, cameraHeight), Renderer.CAPTION, "", Renderer.JPEG, false);
    }

    /**
     * The runner each source's graph runs with inside its Flink reader: the parallel runner with the
     * command line's in-flight bound, its meters on the reader's registry (so the per-stage Flink
     * metrics are live).
     *
     * @param registry the reader's registry for this source's run
     * @return a new runner
     */
    Runner localRunner(MeterRegistry registry) {
        return ParallelRunner.builder().ringSize(Integer.highestOneBit(inFlight) * 2).maxInFlight(inFlight).meterRegistry(registry).build();
    }

    /**
     * A new, unopened source of the sample's frames.
     *
     * @param spec the {@code --source} value
     * @return the feed
     * @throws IllegalArgumentException if {@code spec} names no kind of source
     */
    Feed source(String spec) {
        return Sources.create(spec, frames, seed, width, height);
    }
}
