package dev.stagegraph.samples.camera;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.opencv.videoio.VideoCapture;
import org.opencv.videoio.Videoio;

/**
 * A live camera through OpenCV's {@code VideoCapture(index)} (V4L2 on Linux). It is
 * {@linkplain #live() live}: the runtime never makes it wait, and drops (and counts) frames when
 * the pipeline is behind. Reading blocks only until the camera delivers its next frame.
 */
final class CameraDeviceSource extends MatSource {
    private final int index;
    private final long limit;
    private VideoCapture capture;
    private long delivered;
    private double fps = 30;

    /**
     * A camera source.
     *
     * @param index the camera's index ({@code /dev/videoN} on Linux)
     * @param limit the most frames to capture
     */
    CameraDeviceSource(int index, long limit) {
        this.index = index;
        this.limit = limit;
    }

    @Override
    public void open() throws SourceException {
        OpenCv.load();
        boolean linux = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
        Path device = Path.of("/dev/video" + index);
        if (linux && !Files.exists(device)) {
            throw new SourceException(describe() + ": no camera at " + device
                    + "; list cameras with `v4l2-ctl --list-devices`, or use --source synthetic");
        }
        capture = linux ? new VideoCapture(index, Videoio.CAP_V4L2) : new VideoCapture(index);
        if (!capture.isOpened()) {
            capture.release();
            throw new SourceException(describe() + ": the camera would not open (busy, or no permission to "
                    + (linux ? device : "it") + ")");
        }
        double rate = capture.get(Videoio.CAP_PROP_FPS);
        fps = rate > 0 && rate < 1000 ? rate : 30;
        delivered = 0;
    }

    @Override
    public Frame next(Frame reuse) {
        if (delivered >= limit) {
            return null;
        }
        Frame f = frame(reuse);
        if (!capture.read(f.image) || f.image.empty()) {
            return null;
        }
        delivered++;
        return f;
    }

    @Override
    public boolean live() {
        return true;
    }

    @Override
    public void close() {
        if (capture != null) {
            capture.release();
        }
    }

    @Override
    double framesPerSecond() {
        return fps;
    }

    @Override
    String describe() {
        return "camera:" + index;
    }
}
