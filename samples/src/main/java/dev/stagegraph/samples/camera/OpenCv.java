package dev.stagegraph.samples.camera;

import org.opencv.core.Core;

/**
 * Loads OpenCV's native library once per JVM. {@code nu.pattern.OpenCV.loadLocally()} extracts the
 * library for this platform from the jar and loads it with {@code System.load}; its sibling
 * {@code loadShared()} patches {@code java.library.path} through reflection that Java 12+ forbids,
 * so it does not work on Java 17.
 */
final class OpenCv {
    private OpenCv() {}

    /** Loads the natives on first use; later calls return at once. Safe from any thread. */
    static void load() {
        Holder.touch();
    }

    /**
     * Sets how many threads OpenCV's own pool uses for one call ({@code Core.setNumThreads}). The
     * setting is global to the process.
     *
     * @param threads 1 or more; 1 runs every OpenCV call on the calling thread
     */
    static void threads(int threads) {
        load();
        Core.setNumThreads(threads);
    }

    /** The class initialiser runs once, under the JVM's class-init lock. */
    private static final class Holder {
        static {
            nu.pattern.OpenCV.loadLocally();
        }

        private Holder() {}

        static void touch() {
            // initialising the class is the work
        }
    }
}
