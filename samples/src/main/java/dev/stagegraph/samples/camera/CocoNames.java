package dev.stagegraph.samples.camera;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The 80 COCO class names in a model's index order, read from a {@code coco.names} file (one name a
 * line, darknet spellings such as "motorbike"). Immutable; safe to share between threads.
 */
final class CocoNames {
    /** Classes a COCO detector scores. */
    static final int CLASSES = 80;
    /** The file's usual name, looked for beside the model. */
    static final String FILE = "coco.names";

    private final List<String> names;

    private CocoNames(List<String> names) {
        this.names = List.copyOf(names);
    }

    /**
     * Reads the names.
     *
     * @param file the list, one name a line, blank lines at the end ignored
     * @return the names
     * @throws IllegalArgumentException if the file is missing or does not hold exactly 80 names
     * @throws UncheckedIOException if it cannot be read
     */
    static CocoNames read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no COCO class list at " + file + ": put " + FILE
                    + " (80 names, one a line, in the model's order) beside the model");
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::strip).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        int end = lines.size();
        while (end > 0 && lines.get(end - 1).isEmpty()) {
            end--;
        }
        List<String> names = lines.subList(0, end);
        if (names.size() != CLASSES || names.contains("")) {
            throw new IllegalArgumentException(file + " holds " + names.size() + " lines (or a blank one): a COCO class list"
                    + " has " + CLASSES + " names, one a line, in the model's order");
        }
        return new CocoNames(names);
    }

    /**
     * The name of a class.
     *
     * @param coco the index, 0 to 79
     * @return its name as the file spells it
     */
    String name(int coco) {
        return names.get(coco);
    }
}
