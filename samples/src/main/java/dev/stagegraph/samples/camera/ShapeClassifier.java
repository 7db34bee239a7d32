package dev.stagegraph.samples.camera;

import dev.stagegraph.FrameContext;
import dev.stagegraph.Stage;
import dev.stagegraph.StageContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.TermCriteria;
import org.opencv.ml.Ml;
import org.opencv.ml.RTrees;

/**
 * Labels each detection with a {@link Kind} and a confidence, from its silhouette alone. Its
 * {@link #open} is the expensive start-up the framework is built for: it generates a
 * {@link TrainingSet} and trains an OpenCV random forest ({@link RTrees}) on the
 * {@link Silhouette} features, about half a second of work done once per instance. A label's confidence
 * is the share of the forest's trees that voted for it. Given a face model, it also loads OpenCV's
 * DNN face detector at open and scores the top of every person's box for a face ({@link FaceCheck}).
 *
 * <p>Stateless from frame to frame, so it can be replicated; every replica trains the same forest
 * from the same seed (examples and OpenCV's generator both seeded), so results do not depend on
 * which replica saw a frame.
 */
final class ShapeClassifier implements Stage<Detections, List<Label>> {
    /** Training examples generated per kind. */
    static final int EXAMPLES_PER_KIND = 300;
    /** Trees in the forest. */
    static final int TREES = 60;

    private final long seed;
    private final int perKind;
    private final Path faceModel;
    private FaceCheck faces;
    private Silhouette silhouette;
    private RTrees forest;
    private Mat samples;
    private Mat votes;
    private float[] row;

    /**
     * A classifier trained on {@link #EXAMPLES_PER_KIND} examples per kind made from {@code seed}.
     *
     * @param seed the training set's seed
     */
    ShapeClassifier(long seed) {
        this(seed, EXAMPLES_PER_KIND, null);
    }

    /**
     * A classifier.
     *
     * @param seed the training set's seed
     * @param perKind training examples per kind
     * @param faceModel a folder with OpenCV's DNN face detector, to look for a face on every person;
     *     {@code null} for none
     */
    ShapeClassifier(long seed, int perKind, Path faceModel) {
        this.seed = seed;
        this.perKind = perKind;
        this.faceModel = faceModel;
    }

    @Override
    public void open(StageContext context) {
        OpenCv.load();
        silhouette = new Silhouette();
        row = new float[silhouette.length()];
        samples = new Mat();
        votes = new Mat();
        forest = train(TrainingSet.generate(seed, perKind));
        if (faceModel != null) {
            faces = FaceCheck.load(faceModel);
        }
    }

    private RTrees train(List<TrainingSet.Example> examples) {
        Mat x = new Mat(examples.size(), row.length, CvType.CV_32F);
        Mat y = new Mat(examples.size(), 1, CvType.CV_32S);
        try {
            for (int i = 0; i < examples.size(); i++) {
                silhouette.features(examples.get(i).detection(), row);
                x.put(i, 0, row);
                y.put(i, 0, examples.get(i).kind().ordinal());
            }
            RTrees model = RTrees.create();
            model.setMaxDepth(14);
            model.setMinSampleCount(3);
            model.setActiveVarCount((int) Math.sqrt(row.length));
            model.setTermCriteria(new TermCriteria(TermCriteria.MAX_ITER, TREES, 0));
            // RTrees draws its bootstrap samples and split variables from theRNG(), the calling
            // thread's generator, whose state depends on what ran on that thread before (the
            // sequential runner opens every replica on one thread): seed it, or replicas differ.
            Core.setRNGSeed((int) seed);
            model.train(x, Ml.ROW_SAMPLE, y);
            return model;
        } finally {
            x.release();
            y.release();
        }
    }

    @Override
    public List<Label> process(Detections detections, FrameContext ctx) {
        long frame = ctx.number();
        List<Detection> objects = detections.objects();
        List<Label> labels = new ArrayList<>(objects.size());
        if (objects.isEmpty()) {
            return labels;
        }
        samples.create(objects.size(), row.length, CvType.CV_32F);
        for (int i = 0; i < objects.size(); i++) {
            silhouette.features(objects.get(i), row);
            samples.put(i, 0, row);
        }
        forest.getVotes(samples, votes, 0);
        int kinds = votes.cols();
        int[] table = new int[votes.rows() * kinds];
        votes.get(0, 0, table);
        for (int i = 0; i < objects.size(); i++) {
            int best = 0;
            int total = 0;
            for (int c = 0; c < kinds; c++) {
                int v = table[(i + 1) * kinds + c];
                total += v;
                if (v > table[(i + 1) * kinds + best]) {
                    best = c;
                }
            }
            Kind kind = Kind.all().get(table[best]);
            double face = faces != null && kind == Kind.PERSON && detections.image() != null
                    ? faces.score(detections.image(), objects.get(i).box()) : Double.NaN;
            labels.add(new Label(kind.label(), total == 0 ? 0 : (double) table[(i + 1) * kinds + best] / total, face));
        }
        return labels;
    }

    @Override
    public void close() {
        if (silhouette != null) {
            silhouette.release();
            samples.release();
            votes.release();
        }
    }
}
