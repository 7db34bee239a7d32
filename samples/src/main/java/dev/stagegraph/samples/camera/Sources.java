package dev.stagegraph.samples.camera;

import java.nio.file.Path;

/** Makes a {@link MatSource} from a {@code --source} value. */
final class Sources {
    /** How many frames a camera delivers when {@code --frames} is not given. */
    static final long CAMERA_FRAMES = 300;
    /** How many frames the synthetic feed delivers when {@code --frames} is not given. */
    static final long SYNTHETIC_FRAMES = 150;

    private Sources() {}

    /**
     * A new, unopened source. Each run needs its own.
     *
     * @param spec {@code synthetic}, {@code camera:N}, {@code file:PATH} or {@code dir:PATH}
     * @param frames the most frames to deliver, or -1 for the source's own default (all of a file or
     *     folder, {@value #SYNTHETIC_FRAMES} synthetic, {@value #CAMERA_FRAMES} from a camera)
     * @param seed the synthetic feed's seed
     * @param width the synthetic frame width
     * @param height the synthetic frame height
     * @return the source
     * @throws IllegalArgumentException if {@code spec} is none of these
     */
    static MatSource create(String spec, long frames, long seed, int width, int height) {
        long all = frames < 0 ? Long.MAX_VALUE : frames;
        if (spec.equals("synthetic")) {
            return new SyntheticSource(width, height, frames < 0 ? SYNTHETIC_FRAMES : frames, seed, 6, false);
        }
        if (spec.startsWith("camera:")) {
            try {
                return new CameraDeviceSource(Integer.parseInt(spec.substring(7)), frames < 0 ? CAMERA_FRAMES : frames);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--source camera:N needs a camera index, e.g. camera:0, was '" + spec + "'");
            }
        }
        if (spec.startsWith("file:") && spec.length() > 5) {
            return new VideoFileSource(Path.of(spec.substring(5)), all);
        }
        if (spec.startsWith("dir:") && spec.length() > 4) {
            return new ImageDirSource(Path.of(spec.substring(4)), all, 25);
        }
        throw new IllegalArgumentException("--source must be synthetic, camera:N, file:PATH or dir:PATH, was '" + spec + "'");
    }
}
