package dev.stagegraph.samples.camera;

import dev.stagegraph.video.VideoOptions;
import dev.stagegraph.video.VideoSources;
import java.util.Locale;

/** Makes a {@link Feed} from a {@code --source} value. */
final class Sources {
    /** How many frames a camera or a network stream delivers when {@code --frames} is not given. */
    static final long LIVE_FRAMES = 300;
    /**
     * How many frames the synthetic feed delivers when {@code --frames} is not given: at 640x360 a
     * few seconds per run, long enough for a comparison of the runners that start-up does not swamp.
     */
    static final long SYNTHETIC_FRAMES = 600;

    private Sources() {}

    /**
     * A new, unopened feed. Each run needs its own.
     *
     * @param spec {@code synthetic} (or {@code synthetic:SEED}, the feed with its own seed), or a
     *     pipeline-video source string ({@code file:PATH},
     *     {@code rtsp://...}, {@code http(s)://...}, {@code camera:N}, {@code dir:FOLDER}; see
     *     {@link VideoSources})
     * @param frames the most frames to deliver, or -1 for the source's own default (all of a file or
     *     folder, {@value #SYNTHETIC_FRAMES} synthetic, {@value #LIVE_FRAMES} from a camera or a stream)
     * @param seed the synthetic feed's seed
     * @param width the synthetic frame width
     * @param height the synthetic frame height
     * @return the feed
     * @throws IllegalArgumentException if {@code spec} is none of these
     */
    static Feed create(String spec, long frames, long seed, int width, int height) {
        if (!isFootage(spec)) {
            return new SyntheticSource(width, height, frames < 0 ? SYNTHETIC_FRAMES : frames, syntheticSeed(spec, seed), 6, false);
        }
        VideoOptions options = VideoOptions.defaults();
        boolean live = isLive(spec);
        if (frames >= 0 || live) {
            options = options.withMaxFrames(frames >= 0 ? frames : LIVE_FRAMES);
        }
        try {
            return new VideoFeed(VideoSources.create(spec, options));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--source: " + e.getMessage() + ", or synthetic", e);
        }
    }

    /** Whether a source string names a camera or a network stream. */
    static boolean isLive(String spec) {
        String s = spec.strip().toLowerCase(Locale.ROOT);
        return s.startsWith("camera:") || s.contains("://");
    }

    /** Whether a source string names real footage (anything but the synthetic feed). */
    static boolean isFootage(String spec) {
        return !spec.equals("synthetic") && !spec.startsWith("synthetic:");
    }

    /** The seed of {@code synthetic:SEED}, or {@code fallback} for plain {@code synthetic}. */
    private static long syntheticSeed(String spec, long fallback) {
        if (spec.equals("synthetic")) {
            return fallback;
        }
        String seed = spec.substring("synthetic:".length());
        try {
            return Long.parseLong(seed);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--source synthetic:SEED needs a whole number as its seed, was '" + seed + "'", e);
        }
    }
}
