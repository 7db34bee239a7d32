package dev.stagegraph.samples.camera;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * A folder of images, read in name order (so {@code 00001.png} comes before {@code 00002.png}).
 * Every image is scaled to the first one's size, since a video has one frame size.
 */
final class ImageDirSource extends MatSource {
    private static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "tif", "tiff", "ppm", "pgm", "webp");

    private final Path dir;
    private final long limit;
    private final double fps;
    private List<Path> images = List.of();
    private int index;
    private Size size;

    /**
     * A folder source.
     *
     * @param dir the folder
     * @param limit the most frames to deliver
     * @param fps the rate the images were taken at
     */
    ImageDirSource(Path dir, long limit, double fps) {
        this.dir = dir;
        this.limit = limit;
        this.fps = fps;
    }

    @Override
    public void open() throws SourceException {
        OpenCv.load();
        if (!Files.isDirectory(dir)) {
            throw new SourceException(describe() + ": no such folder (looked at " + dir.toAbsolutePath() + ")");
        }
        try (Stream<Path> files = Files.list(dir)) {
            images = files.filter(ImageDirSource::isImage).sorted().limit(limit).toList();
        } catch (IOException e) {
            throw new SourceException(describe() + ": cannot list the folder: " + e.getMessage());
        }
        if (images.isEmpty()) {
            throw new SourceException(describe() + ": holds no images (" + String.join(", ", EXTENSIONS.stream().sorted().toList())
                    + ")");
        }
        index = 0;
        size = null;
    }

    private static boolean isImage(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return Files.isRegularFile(p) && dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    @Override
    public Frame next(Frame reuse) throws SourceException {
        if (index >= images.size()) {
            return null;
        }
        Path file = images.get(index++);
        Mat read = Imgcodecs.imread(file.toString(), Imgcodecs.IMREAD_COLOR);
        try {
            if (read.empty()) {
                throw new SourceException(file + ": not an image OpenCV can read");
            }
            Frame f = frame(reuse);
            if (size == null) {
                size = read.size();
            }
            if (read.size().equals(size)) {
                read.copyTo(f.image);
            } else {
                Imgproc.resize(read, f.image, size, 0, 0, Imgproc.INTER_AREA);
            }
            return f;
        } finally {
            read.release();
        }
    }

    @Override
    public long length() {
        return images.size();
    }

    @Override
    double framesPerSecond() {
        return fps;
    }

    @Override
    String describe() {
        return "dir:" + dir;
    }
}
