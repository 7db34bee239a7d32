package dev.stagegraph.samples.camera;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * A generated camera feed: objects of every {@link Kind}, in several sizes and colours, walk across
 * a tiled, textured floor seen by a camera over a {@link #ground(int) known ground plane}, with
 * sensor noise on every frame. Each frame carries its ground truth: every object's kind, exact box
 * and size in metres. Everything comes from the seed, so two sources with the same settings deliver
 * the same pixels.
 *
 * <p>The first frames show the empty floor; then the objects walk in, one after another, each in its
 * own lane (their foot rows differ), neighbouring lanes in opposite directions, and turn at the
 * frame's edges, so they overlap only while a near object passes in front of a far one. Their
 * pixel size follows the ground plane: an object lower in the frame is nearer and larger.
 */
final class SyntheticSource implements Feed {
    /** How many noise images are cycled; noise is precomputed so a frame costs two additions. */
    private static final int NOISE_IMAGES = 8;
    private static final int NOISE_SIGMA = 5;
    private static final int NOISE_OFFSET = 16;
    /** Frames between one object's entry and the next's. */
    private static final int ENTRY_GAP = 6;

    private final int width;
    private final int height;
    private final long frames;
    private final long seed;
    private final int objects;
    private final boolean live;

    private Mat background;
    private final List<Mat> noise = new ArrayList<>();
    private List<Mover> movers;
    private long delivered;
    private final List<Frame> made = new ArrayList<>();

    /**
     * A synthetic feed.
     *
     * @param width the frame width in pixels
     * @param height the frame height in pixels
     * @param frames how many frames to deliver
     * @param seed what every pixel follows from
     * @param objects how many objects move at once, at least one of each kind when 4 or more
     * @param live whether the feed behaves as a live camera (frames dropped when the pipeline is behind)
     */
    SyntheticSource(int width, int height, long frames, long seed, int objects, boolean live) {
        if (width < 64 || height < 64) {
            throw new IllegalArgumentException("a synthetic frame needs at least 64x64 pixels, was " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        this.frames = frames;
        this.seed = seed;
        this.objects = objects;
        this.live = live;
    }

    /**
     * The ground plane the generator draws with: the horizon 0.6 frame heights above the image, the
     * camera 12 m up. A person at the bottom of a 360-row frame is then about 84 pixels tall, at
     * the top about 32.
     *
     * @param height the frame height in pixels
     * @return the calibration that recovers the generated sizes
     */
    static GroundPlane ground(int height) {
        return new GroundPlane(-0.6 * height, 12.0);
    }

    @Override
    public void open() {
        OpenCv.load();
        Random random = new Random(seed);
        background = Texture.floor(width, height, random);
        for (int i = 0; i < NOISE_IMAGES; i++) {
            noise.add(noiseImage(random));
        }
        movers = new ArrayList<>();
        GroundPlane ground = ground(height);
        List<Kind> kinds = Kind.all();
        int firstKind = random.nextInt(kinds.size());
        boolean flip = random.nextBoolean();
        for (int i = 0; i < objects; i++) {
            double lane = objects == 1 ? 0.7 : 0.38 + 0.58 * i / (objects - 1);
            movers.add(Mover.random(i, kinds.get((firstKind + i) % kinds.size()), lane * height, width, ground, random,
                    ENTRY_GAP * i, (i % 2 == 0) == flip));
        }
        delivered = 0;
    }

    private Mat noiseImage(Random random) {
        byte[] values = new byte[width * height * 3];
        for (int i = 0; i < values.length; i++) {
            long v = Math.round(NOISE_OFFSET + NOISE_SIGMA * random.nextGaussian());
            values[i] = (byte) Math.max(0, Math.min(2 * NOISE_OFFSET, v));
        }
        Mat m = new Mat(height, width, CvType.CV_8UC3);
        m.put(0, 0, values);
        return m;
    }

    @Override
    public Frame next(Frame reuse) {
        if (delivered >= frames) {
            return null;
        }
        Frame f = reuse;
        if (f == null) {
            f = new Frame();
            made.add(f);
        }
        background.copyTo(f.image);
        List<Mover> byDepth = new ArrayList<>(movers);
        byDepth.sort(Comparator.comparingDouble(Mover::footRow));
        List<Truth> truth = new ArrayList<>(byDepth.size());
        for (Mover m : byDepth) {
            Truth t = m.draw(f.image);
            if (t != null) {
                truth.add(t);
            }
        }
        Mat n = noise.get((int) (delivered % NOISE_IMAGES));
        Core.add(f.image, n, f.image);
        Core.subtract(f.image, Scalar.all(NOISE_OFFSET), f.image);
        f.truth(truth);
        for (Mover m : movers) {
            m.step(width);
        }
        delivered++;
        return f;
    }

    @Override
    public boolean live() {
        return live;
    }

    @Override
    public long length() {
        return frames;
    }

    @Override
    public void close() {
        if (background != null) {
            background.release();
        }
        noise.forEach(Mat::release);
        noise.clear();
    }

    /** The frame's time at {@link #framesPerSecond()}: frame n is shown n/25 s after the first. */
    @Override
    public long timestampNanos() {
        return (delivered - 1) * 1_000_000_000L / 25;
    }

    @Override
    public String name() {
        return "synthetic " + width + "x" + height + " seed " + seed;
    }

    @Override
    public double framesPerSecond() {
        return 25;
    }

    @Override
    public void releaseFrames() {
        made.forEach(Frame::close);
        made.clear();
    }

    /** The floor the objects walk on: tiles of slightly different tints, grout lines, a few fixtures. */
    static final class Texture {
        private Texture() {}

        static Mat floor(int width, int height, Random random) {
            Mat floor = new Mat(height, width, CvType.CV_8UC3);
            int tile = Math.max(8, width / 16);
            for (int ty = 0; ty < height; ty += tile) {
                for (int tx = 0; tx < width; tx += tile) {
                    double base = 105 + random.nextInt(40);
                    Scalar tint = new Scalar(base + random.nextInt(12), base + random.nextInt(12), base + random.nextInt(12));
                    Imgproc.rectangle(floor, new org.opencv.core.Point(tx, ty),
                            new org.opencv.core.Point(tx + tile - 1, ty + tile - 1), tint, -1);
                    Imgproc.rectangle(floor, new org.opencv.core.Point(tx, ty),
                            new org.opencv.core.Point(tx + tile - 1, ty + tile - 1), Scalar.all(base - 30), 1);
                }
            }
            for (int i = 0; i < 5; i++) {
                int w = tile / 2 + random.nextInt(tile * 2);
                int h = tile / 2 + random.nextInt(tile);
                int x = random.nextInt(Math.max(1, width - w));
                int y = random.nextInt(Math.max(1, height / 3));
                Imgproc.rectangle(floor, new org.opencv.core.Point(x, y), new org.opencv.core.Point(x + w, y + h),
                        Scalar.all(40 + random.nextInt(60)), -1);
            }
            Imgproc.GaussianBlur(floor, floor, new Size(3, 3), 0);
            return floor;
        }
    }
}
