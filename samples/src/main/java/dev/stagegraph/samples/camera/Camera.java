package dev.stagegraph.samples.camera;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One camera of a run: a {@code --source} string and the unique name its frames, its report line,
 * its video file and its live stream carry. Immutable.
 *
 * <p>Names: {@code --source NAME=SPEC} names a source explicitly ({@code NAME} is letters, digits,
 * {@code .}, {@code _} and {@code -}; two explicit sources with one name are an error). Without a
 * name, it comes from the source: a file's name without its extension, a folder's name,
 * {@code camera-N}, a stream's host and last path segment, {@code synthetic} (or
 * {@code synthetic-SEED}). Derived names that repeat get a suffix in order ({@code clip},
 * {@code clip-2}, {@code clip-3}), so {@code --source file:a.avi --source file:a.avi} is two
 * cameras showing the same clip.
 *
 * @param name the camera's name, unique within the run
 * @param spec the source string without the name, as {@link Sources#create} reads it
 */
record Camera(String name, String spec) {
    private static final Pattern NAMED = Pattern.compile("([A-Za-z0-9][A-Za-z0-9._-]*)=(.+)");
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]+");

    /**
     * The cameras of the {@code --source} values, in order, each with its unique name.
     *
     * @param sources the values; empty for the default, {@code synthetic}
     * @return the cameras, at least one
     * @throws IllegalArgumentException if two sources are explicitly given one name
     */
    static List<Camera> of(List<String> sources) {
        List<String> specs = sources.isEmpty() ? List.of("synthetic") : sources;
        String[] names = new String[specs.size()];
        String[] bare = new String[specs.size()];
        Set<String> taken = new HashSet<>();
        for (int i = 0; i < specs.size(); i++) {
            Matcher m = NAMED.matcher(specs.get(i).strip());
            bare[i] = specs.get(i).strip();
            if (m.matches()) {
                names[i] = m.group(1);
                bare[i] = m.group(2);
                if (!taken.add(names[i])) {
                    throw new IllegalArgumentException("--source: two sources are named '" + names[i]
                            + "'; give each camera its own NAME= (e.g. --source lobby=file:a.mp4 --source door=file:b.mp4)");
                }
            }
        }
        List<Camera> cameras = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            String name = names[i];
            if (name == null) {
                String base = derivedName(bare[i]);
                name = base;
                for (int k = 2; !taken.add(name); k++) {
                    name = base + "-" + k;
                }
            }
            cameras.add(new Camera(name, bare[i]));
        }
        return List.copyOf(cameras);
    }

    /** The name a source string gives its camera when none is given. */
    static String derivedName(String spec) {
        String s = spec.strip();
        String lower = s.toLowerCase(Locale.ROOT);
        String name;
        if (lower.startsWith("file:") || lower.startsWith("dir:")) {
            Path p = Path.of(s.substring(s.indexOf(':') + 1));
            String file = p.getFileName() == null ? s : p.getFileName().toString();
            int dot = file.lastIndexOf('.');
            name = lower.startsWith("file:") && dot > 0 ? file.substring(0, dot) : file;
        } else if (lower.startsWith("camera:")) {
            name = "camera-" + s.substring("camera:".length());
        } else if (lower.contains("://")) {
            name = streamName(s);
        } else {
            name = s.replace(':', '-');
        }
        String safe = UNSAFE.matcher(name).replaceAll("_");
        return safe.isEmpty() ? "camera" : safe;
    }

    private static String streamName(String url) {
        try {
            URI u = URI.create(url);
            String path = u.getPath() == null ? "" : u.getPath();
            String last = path.substring(path.lastIndexOf('/') + 1);
            String host = u.getHost() == null ? u.getScheme() : u.getHost();
            return last.isEmpty() ? host : host + "-" + last;
        } catch (IllegalArgumentException e) {
            return url;
        }
    }

    /**
     * The annotated video of this camera: {@code out} itself when the run has one camera (so the
     * single-camera default stays {@code camera-sample.mp4}), else {@code out} with {@code -NAME}
     * before its extension ({@code camera-sample-lobby.mp4}).
     *
     * @param out the {@code --out} file, or {@code null} for none
     * @param cameras how many cameras the run has
     * @return the file, or {@code null} for none
     */
    Path video(Path out, int cameras) {
        if (out == null || cameras == 1) {
            return out;
        }
        String file = out.getFileName().toString();
        int dot = file.lastIndexOf('.');
        return out.resolveSibling(file.substring(0, dot) + "-" + name + file.substring(dot));
    }
}
