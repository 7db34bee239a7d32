package dev.stagegraph.samples.camera;

import dev.stagegraph.FrameContext;
import dev.stagegraph.PipelineBuilder;
import dev.stagegraph.Port;
import dev.stagegraph.Stage;
import dev.stagegraph.StageContext;
import dev.stagegraph.StageOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The camera sample's classifier on a real model: runs {@link Yolox} on the whole frame and labels
 * what it finds person, bicycle, car, motorcycle, bus or truck (other COCO classes are dropped).
 * It reads the detector's {@link Detections} for the frame's image, and, without a model, for its
 * moving blobs, which it passes on labelled "object" with no score: a run without the model never
 * shows a label it cannot know.
 *
 * <p>Its boxes replace the detector's blobs as the frame's objects: a model separates neighbouring
 * cars that one foreground blob merges, and finds a stopped car or a standing person that the
 * background model has absorbed. The blobs stay useful upstream (the detector is cheap and keeps
 * the frame's order) and as the fallback. The network runs once on the whole frame, not on crops
 * of the blobs: one forward pass costs the same whatever the number of objects, where a crop per
 * blob would cost a pass each and still miss what does not move.
 *
 * <h2>Wiring</h2>
 * The expensive stage of the graph (about 61 ms a frame at 416 on one core), stateless from frame
 * to frame, so replicate it; {@link #wire} declares it:
 * <pre>
 *  frame --&gt; detector --&gt; classifier (YOLOX, xN) --+--&gt; size (of the sightings) --+--&gt; aggregator --&gt; render
 *            (MOG2,        image + blobs in,        +--&gt; labels (a map) ---------+    (tracks)
 *             ordered)     labelled boxes out
 * </pre>
 * The size branch (see {@link Sightings#asDetections}) and the labels ({@link Label#of}) both read
 * the sightings in their order, so every size, label and track describes the same box
 * ({@link VisionPipeline} wires it so).
 *
 * <h2>Lifecycle</h2>
 * {@link #open} loads and warms the network once per instance, on the thread that will call
 * {@link #process}, so the load shows in the run report as open time, not frame time; a missing
 * model fails it with a message naming {@code --model}. {@link #close} releases the network's
 * buffers. Each replica holds its own network (a few megabytes of weights); replicas give equal
 * results for equal frames.
 */
final class YoloxStage implements Stage<Detections, Sightings> {
    private final Path model;
    private final int input;
    private final float threshold;
    private Yolox yolox;

    /**
     * A stage.
     *
     * @param model YOLOX-Nano's ONNX file with {@value CocoNames#FILE} beside it, or {@code null}
     *     to label the detector's blobs "object"
     * @param input the network's square input side, a multiple of 32; {@link Yolox#DEFAULT_INPUT}
     *     finds people a few dozen pixels tall, 320 is faster and misses them
     * @param threshold the lowest score kept, in (0, 1]; {@link Yolox#DEFAULT_SCORE} shows no false
     *     box on the intersection clip, 0.4 finds a fifth more of its vehicles for an occasional false
     *     person
     */
    YoloxStage(Path model, int input, float threshold) {
        this.model = model;
        this.input = input;
        this.threshold = threshold;
    }

    /**
     * Declares the stage as the graph's classifier.
     *
     * @param b the sample's builder
     * @param detections the detector's port
     * @param model the ONNX file, or {@code null} for "object" labels
     * @param input the network's input side, a multiple of 32
     * @param threshold the lowest score kept; see {@link #YoloxStage(Path, int, float)}
     * @param replicas instances; on P cores about P, as this stage dominates the frame's cost
     * @return the port of labelled boxes
     */
    static Port<Sightings> wire(PipelineBuilder<Frame> b, Port<Detections> detections, Path model, int input,
            float threshold, int replicas) {
        return b.stage("classifier", detections, () -> new YoloxStage(model, input, threshold),
                StageOptions.defaults().replicas(replicas));
    }

    @Override
    public void open(StageContext context) {
        if (model != null) {
            try {
                yolox = Yolox.open(model, input, threshold);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("stage '" + context.stage() + "': " + e.getMessage(), e);
            }
        }
    }

    @Override
    public Sightings process(Detections detections, FrameContext ctx) {
        long frame = ctx.number();
        if (yolox == null) {
            List<Sighting> blobs = new ArrayList<>(detections.objects().size());
            for (Detection d : detections.objects()) {
                blobs.add(Sighting.unlabelled(d.box()));
            }
            return new Sightings(blobs, false);
        }
        if (detections.image() == null) {
            throw new IllegalStateException("frame " + frame + " reached the YOLOX classifier without its image: the"
                    + " detector must pass the frame's Mat in Detections");
        }
        List<Sighting> kept = new ArrayList<>();
        for (Sighting s : yolox.detect(detections.image())) {
            if (s.objectClass() != null) {
                kept.add(s);
            }
        }
        return new Sightings(kept, true);
    }

    @Override
    public void close() {
        if (yolox != null) {
            yolox.close();
        }
    }
}
