package dev.stagegraph.samples.camera;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the real data kept beside the project at {@code ../shared/data}, or skips the test. */
final class SharedData {
    private SharedData() {}

    /** The pedestrian clip: 341 MJPEG frames, 640x360. */
    static Path pedestrians() {
        return require("pedestrians-640x360-mjpeg.avi");
    }

    /** Skips the calling test unless {@code ../shared/data/name} exists beside the project root. */
    static Path require(String name) {
        Path root = projectRoot();
        Path file = root == null ? null : root.resolve("../shared/data").resolve(name).normalize();
        assumeTrue(file != null && Files.exists(file), "skipped: ../shared/data/" + name
                + " is not beside the project root; it is real footage kept outside the repository");
        return file;
    }

    /**
     * The file {@code ../shared/data/name} beside the project root, for tests that use it when it is
     * there and something else otherwise.
     *
     * @return the file, or {@code null} when it is absent
     */
    static Path find(String name) {
        Path root = projectRoot();
        Path file = root == null ? null : root.resolve("../shared/data").resolve(name).normalize();
        return file != null && Files.exists(file) ? file : null;
    }

    /** The folder holding the parent pom: the working directory or one of its parents. */
    private static Path projectRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("pipeline-api")) && Files.exists(p.resolve("pom.xml"))) {
                return p;
            }
        }
        return null;
    }
}
