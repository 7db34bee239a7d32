package dev.stagegraph.samples.camera;

import java.util.Random;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;

/**
 * One generated object: a kind, a size in metres, a colour, and a walk along a lane of the floor.
 * Its pixel box follows from the ground plane and its foot row. Mutable; used by one source.
 */
final class Mover {
    /** The frame rate the walking speeds are converted at. */
    static final double FRAMES_PER_SECOND = 25;

    private final int id;
    private final Kind kind;
    private final double worldWidth;
    private final double worldHeight;
    private final Scalar colour;
    private final GroundPlane ground;
    private final double laneRow;
    private final double sway;
    private double x;
    private double vx;
    private double phase;
    private boolean entered;

    private Mover(int id, Kind kind, double worldWidth, double worldHeight, Scalar colour, GroundPlane ground, double laneRow,
            double x, double vx, double sway, double phase) {
        this.id = id;
        this.kind = kind;
        this.worldWidth = worldWidth;
        this.worldHeight = worldHeight;
        this.colour = colour;
        this.ground = ground;
        this.laneRow = laneRow;
        this.x = x;
        this.vx = vx;
        this.sway = sway;
        this.phase = phase;
    }

    /**
     * Object {@code id}, a mover of {@code kind} in the lane at {@code laneRow}, with size, colour and a walking speed of
     * 1.2 to 2.2 m/s from {@code random}. It starts outside the frame on the side it walks from and
     * walks in after about {@code entryDelay} frames, so the first frames show the empty floor.
     */
    static Mover random(int id, Kind kind, double laneRow, int frameWidth, GroundPlane ground, Random random, int entryDelay,
            boolean rightwards) {
        double scale = 0.85 + 0.3 * random.nextDouble();
        double stretch = 0.93 + 0.14 * random.nextDouble();
        Scalar colour = colour(random);
        double metresPerSecond = 1.2 + random.nextDouble();
        double speed = metresPerSecond * ground.pixelsPerMetre(laneRow) / FRAMES_PER_SECOND;
        double outside = kind.width * scale * ground.pixelsPerMetre(laneRow) + entryDelay * speed;
        double x = rightwards ? -outside : frameWidth + outside;
        return new Mover(id, kind, kind.width * scale * stretch, kind.height * scale, colour, ground, laneRow, x,
                rightwards ? speed : -speed, 0.015 * laneRow, random.nextDouble() * 2 * Math.PI);
    }

    /** A saturated colour, dark or bright, so objects stand out from the grey floor. */
    private static Scalar colour(Random random) {
        double[] c = new double[3];
        int strong = random.nextInt(3);
        boolean bright = random.nextBoolean();
        for (int i = 0; i < 3; i++) {
            if (i == strong) {
                c[i] = bright ? 220 + random.nextInt(35) : 150 + random.nextInt(60);
            } else {
                c[i] = (bright ? 40 : 10) + random.nextInt(50);
            }
        }
        return new Scalar(c[0], c[1], c[2]);
    }

    double footRow() {
        return laneRow + sway * Math.sin(phase);
    }

    /** The pixel box at the current position. */
    Box box() {
        double foot = Math.round(footRow());
        double scale = ground.pixelsPerMetre(foot);
        int w = (int) Math.max(4, Math.round(worldWidth * scale));
        int h = (int) Math.max(4, Math.round(worldHeight * scale));
        return new Box((int) Math.round(x - w / 2.0), (int) foot - h, w, h);
    }

    /**
     * Draws the object and says what was drawn.
     *
     * @return the truth, its box clipped to the frame; {@code null} when the object is outside
     */
    Truth draw(Mat image) {
        Box box = box();
        kind.draw(image, box, colour);
        kind.detail(image, box, colour);
        Box visible = box.clip(image.cols(), image.rows());
        return visible == null ? null : new Truth(id, kind, visible, worldWidth, worldHeight);
    }

    /** Moves one frame on; once wholly inside, turns back at the frame's edges. */
    void step(int frameWidth) {
        x += vx;
        phase += 0.05;
        Box b = box();
        boolean inside = b.x() >= 2 && b.right() <= frameWidth - 2;
        if (entered && (b.x() < 2 && vx < 0 || b.right() > frameWidth - 2 && vx > 0)) {
            vx = -vx;
        }
        entered |= inside;
    }
}
