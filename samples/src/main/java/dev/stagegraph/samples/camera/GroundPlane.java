package dev.stagegraph.samples.camera;

import java.util.Locale;

/**
 * A simple ground-plane calibration: a camera at a known height above flat ground, whose horizon
 * (where the ground plane meets the sky, possibly above the image) is at a known row. For an object
 * standing on the ground with its foot at row {@code y}, the scale is
 * {@code (y - horizonRow) / cameraHeight} pixels per metre, whatever the focal length: the pinhole
 * model gives distance {@code f * H / (y - y0)} and size in pixels {@code f * size / distance}, and
 * {@code f} cancels. Exact for a level camera, close for a gently tilted one. Immutable.
 *
 * @param horizonRow the image row of the horizon; negative when it lies above the image
 * @param cameraHeight the camera's height above the ground, in metres
 */
record GroundPlane(double horizonRow, double cameraHeight) {

    /** Checks the numbers. */
    GroundPlane {
        if (!(cameraHeight > 0) || !Double.isFinite(horizonRow)) {
            throw new IllegalArgumentException("a ground plane needs a finite horizon row and a positive camera height, was "
                    + horizonRow + " and " + cameraHeight);
        }
    }

    /**
     * Parses {@code HORIZON_ROW:CAMERA_HEIGHT_M}, e.g. {@code -225:11}.
     *
     * @param text the flag's value
     * @return the calibration
     * @throws IllegalArgumentException naming the expected form
     */
    static GroundPlane parse(String text) {
        String[] parts = text.split(":");
        try {
            if (parts.length == 2) {
                return new GroundPlane(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]));
            }
        } catch (NumberFormatException e) {
            // reported below with the expected form
        }
        throw new IllegalArgumentException("--ground needs HORIZON_ROW:CAMERA_HEIGHT_M, e.g. -225:11, was '" + text + "'");
    }

    /**
     * Pixels per metre for an object whose foot is at {@code footRow}.
     *
     * @param footRow the row where the object touches the ground
     * @return the scale; not positive when the row is at or above the horizon
     */
    double pixelsPerMetre(double footRow) {
        return (footRow - horizonRow) / cameraHeight;
    }

    /**
     * A length in metres from a length in pixels, for an object whose foot is at {@code footRow}.
     *
     * @param pixels the length in the image
     * @param footRow the row where the object touches the ground
     * @return metres, or {@code NaN} when the foot is at or above the horizon
     */
    double metres(double pixels, double footRow) {
        double scale = pixelsPerMetre(footRow);
        return scale > 0 ? pixels / scale : Double.NaN;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "horizon row %.0f, camera %.1f m above the ground", horizonRow, cameraHeight);
    }
}
