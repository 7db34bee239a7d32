package dev.stagegraph.video;

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
 * A folder of images ({@code dir:FOLDER}), read in name order (so {@code 00001.png} comes before
 * {@code 00002.png}) with OpenCV. Every image is scaled to the first one's size, since a video has
 * one frame size. Presentation times are index / {@link VideoOptions#imageRate()}.
 */
final class ImageDirSource extends MadeFrames {
    private static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "tif", "tiff", "ppm", "pgm", "webp");

    private final Path dir;
    private final VideoOptions options;
    private List<Path> images = List.of();
    private int next;
    private Size size;

    ImageDirSource(Path dir, VideoOptions options) {
        this.dir = dir;
        this.options = options;
    }

    @Override
    public void open() throws VideoSourceException {
        Natives.loadOpenCv();
        if (!Files.isDirectory(dir)) {
            throw new VideoSourceException(name() + ": no such folder (looked at " + dir.toAbsolutePath() + ")");
        }
        try (Stream<Path> files = Files.list(dir)) {
            images = files.filter(ImageDirSource::isImage).sorted().limit(options.maxFrames()).toList();
        } catch (IOException e) {
            throw new VideoSourceException(name() + ": cannot list the folder: " + e.getMessage(), e);
        }
        if (images.isEmpty()) {
            throw new VideoSourceException(name() + ": holds no images (" + String.join(", ", EXTENSIONS.stream().sorted()
                    .toList()) + ")");
        }
        next = 0;
        size = null;
        connected();
    }

    private static boolean isImage(Path p) {
        String file = p.getFileName().toString();
        int dot = file.lastIndexOf('.');
        return Files.isRegularFile(p) && dot > 0 && EXTENSIONS.contains(file.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    @Override
    public VideoFrame next(VideoFrame reuse) throws VideoSourceException {
        if (next >= images.size()) {
            return null;
        }
        Path file = images.get(next++);
        Mat read = Imgcodecs.imread(file.toString(), Imgcodecs.IMREAD_COLOR);
        try {
            if (read.empty()) {
                throw new VideoSourceException(name() + ": " + file.getFileName() + " is not an image OpenCV can read");
            }
            VideoFrame f = frame(reuse);
            if (size == null) {
                size = read.size();
            }
            if (read.size().equals(size)) {
                read.copyTo(f.image());
            } else {
                Imgproc.resize(read, f.image(), size, 0, 0, Imgproc.INTER_AREA);
            }
            long index = delivered();
            f.stamp(index, Math.round(index * 1e9 / options.imageRate()), name());
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
    public double framesPerSecond() {
        return options.imageRate();
    }

    @Override
    public String name() {
        return "dir:" + dir;
    }

    @Override
    public void close() {
        images = List.of();
    }
}
