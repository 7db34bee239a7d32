package dev.stagegraph.samples.camera;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.opencv.core.Mat;
import org.opencv.videoio.VideoCapture;
import org.opencv.videoio.Videoio;

/**
 * A recorded video file, read with OpenCV's own MJPEG-in-AVI reader: {@code org.openpnp:opencv}
 * 4.9.0-0 has no FFmpeg or GStreamer, so that is the only video format it decodes. Anything else (a
 * missing file, a file that is not a video, an H.264 video that opens empty) fails {@link #open()}
 * with a {@link SourceException} that names the file and says how to convert it.
 */
final class VideoFileSource extends MatSource {
    /** What to tell a user whose video this build cannot read. */
    static final String CONVERT = "this OpenCV build (org.openpnp:opencv, no FFmpeg) reads only MJPEG in AVI:"
            + " convert with `ffmpeg -i in.mp4 -c:v mjpeg -q:v 5 out.avi`, or extract the frames to a folder"
            + " (`ffmpeg -i in.mp4 frames/%05d.png`) and use --source dir:frames";

    private final Path file;
    private final long limit;
    private VideoCapture capture;
    private Mat first;
    private boolean firstPending;
    private long delivered;
    private double fps = 25;
    private long count = -1;

    /**
     * A file source.
     *
     * @param file the video
     * @param limit the most frames to deliver
     */
    VideoFileSource(Path file, long limit) {
        this.file = file;
        this.limit = limit;
    }

    @Override
    public void open() throws SourceException {
        OpenCv.load();
        if (!Files.exists(file)) {
            throw new SourceException(describe() + ": no such file (looked at " + file.toAbsolutePath() + ")");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new SourceException(describe() + ": not a readable file; for a folder of images use --source dir:" + file);
        }
        if (!isAvi(file)) {
            throw new SourceException(describe() + ": not an AVI video; " + CONVERT);
        }
        capture = new VideoCapture(file.toString(), Videoio.CAP_OPENCV_MJPEG);
        first = new Mat();
        if (!capture.isOpened()) {
            capture.release();
            throw new SourceException(describe() + ": cannot be decoded (not MJPEG, or damaged); " + CONVERT);
        }
        if (!capture.read(first) || first.empty()) {
            capture.release();
            throw new SourceException(describe() + ": opens but no frame decodes; " + CONVERT);
        }
        firstPending = true;
        double rate = capture.get(Videoio.CAP_PROP_FPS);
        fps = rate > 0 && rate < 1000 ? rate : 25;
        double frames = capture.get(Videoio.CAP_PROP_FRAME_COUNT);
        count = frames > 0 ? Math.min(limit, (long) frames) : -1;
        delivered = 0;
    }

    /** Whether the file starts as a RIFF AVI does, so a text file or an MP4 gets the right message. */
    private static boolean isAvi(Path file) throws SourceException {
        byte[] head = new byte[12];
        try (InputStream in = Files.newInputStream(file)) {
            if (in.readNBytes(head, 0, 12) < 12) {
                return false;
            }
        } catch (IOException e) {
            throw new SourceException("file:" + file + ": cannot be read: " + e.getMessage());
        }
        return head[0] == 'R' && head[1] == 'I' && head[2] == 'F' && head[3] == 'F' && head[8] == 'A' && head[9] == 'V'
                && head[10] == 'I';
    }

    @Override
    public Frame next(Frame reuse) {
        if (delivered >= limit) {
            return null;
        }
        Frame f = frame(reuse);
        if (firstPending) {
            first.copyTo(f.image);
            first.release();
            firstPending = false;
        } else if (!capture.read(f.image) || f.image.empty()) {
            return null;
        }
        delivered++;
        return f;
    }

    @Override
    public long length() {
        return count;
    }

    @Override
    public void close() {
        if (capture != null) {
            capture.release();
        }
        if (first != null) {
            first.release();
        }
    }

    @Override
    double framesPerSecond() {
        return fps;
    }

    @Override
    String describe() {
        return "file:" + file;
    }
}
