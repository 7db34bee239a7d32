package dev.stagegraph.samples.camera;

import java.util.Random;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;

/**
 * One generated object: a kind, a size in metres, a colour, and a walk along a lane of the floor.
 * Its pixel box follows from the ground plane and its foot row. Mutable; used by one source.
 */
final class Mover {
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

    private Mover(Kind kind, double worldWidth, double worldHeight, Scalar colour, GroundPlane ground, double laneRow,
            double x, double vx, double sway, double phase) {
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

    /** A mover of {@code kind} in the lane at {@code laneRow}, with size, colour, start and speed from {@code random}. */
    static Mover random(Kind kind, double laneRow, int frameWidth, GroundPlane ground, Random random) {
        double scale = 0.85 + 0.3 * random.nextDouble();
        double stretch = 0.93 + 0.14 * random.nextDouble();
        Scalar colour = colour(random);
        double speed = (1.2 + 2.3 * random.nextDouble()) * frameWidth / 640.0;
        double vx = random.nextBoolean() ? speed : -speed;
        double x = frameWidth * (0.15 + 0.7 * random.nextDouble());
        return new Mover(kind, kind.width * scale * stretch, kind.height * scale, colour, ground, laneRow, x, vx,
                0.015 * laneRow, random.nextDouble() * 2 * Math.PI);
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

    /** Draws the object and says what was drawn. */
    Truth draw(Mat image) {
        Box box = box();
        kind.draw(image, box, colour);
        return new Truth(kind, box, worldWidth, worldHeight);
    }

    /** Moves one frame on, turning back at the frame's edges. */
    void step(int frameWidth) {
        x += vx;
        phase += 0.05;
        Box b = box();
        if (b.x() < 2 && vx < 0 || b.right() > frameWidth - 2 && vx > 0) {
            vx = -vx;
        }
    }
}
