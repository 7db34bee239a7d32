package dev.stagegraph.video;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.opencv.core.Mat;
import org.opencv.videoio.VideoCapture;
import org.opencv.videoio.Videoio;

/**
 * A camera through OpenCV's {@code VideoCapture(index)} (V4L2 on Linux), {@code camera:N}. Live:
 * the runtime never makes it wait. OpenCV reads into its own buffer, so a frame is one copy from the
 * driver's buffer; presentation times are the capture's wall clock (monotonic), since V4L2 through
 * OpenCV gives no stream timestamps.
 */
final class CameraSource extends MadeFrames {
    private final int index;
    private final VideoOptions options;
    private VideoCapture capture;
    private double fps = 30;
    private long start;
    private long lastPts = -1;

    CameraSource(int index, VideoOptions options) {
        this.index = index;
        this.options = options;
    }

    @Override
    public void open() throws VideoSourceException {
        Natives.loadOpenCv();
        boolean linux = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
        Path device = Path.of("/dev/video" + index);
        if (linux && !Files.exists(device)) {
            throw new VideoSourceException(name() + ": no camera at " + device
                    + "; list cameras with `v4l2-ctl --list-devices`");
        }
        capture = linux ? new VideoCapture(index, Videoio.CAP_V4L2) : new VideoCapture(index);
        if (!capture.isOpened()) {
            capture.release();
            throw new VideoSourceException(name() + ": the camera would not open (busy, or no permission to "
                    + (linux ? device + "; is your user in the video group?" : "it") + ")");
        }
        double rate = capture.get(Videoio.CAP_PROP_FPS);
        fps = rate > 0 && rate < 1000 ? rate : 30;
        start = System.nanoTime();
        connected();
    }

    @Override
    public VideoFrame next(VideoFrame reuse) throws VideoSourceException {
        if (deliveredCount() >= options.maxFrames()) {
            return null;
        }
        VideoFrame f = frame(reuse);
        Mat m = f.image();
        if (!capture.read(m) || m.empty()) {
            throw new VideoSourceException(name() + ": the camera stopped delivering frames after " + deliveredCount()
                    + " (unplugged, or taken by another program?)");
        }
        long t = Math.max(System.nanoTime() - start, lastPts + 1);
        lastPts = t;
        f.stamp(delivered(), t, name());
        return f;
    }

    @Override
    public boolean live() {
        return true;
    }

    @Override
    public double framesPerSecond() {
        return fps;
    }

    @Override
    public String name() {
        return "camera:" + index;
    }

    @Override
    public void close() {
        if (capture != null) {
            capture.release();
        }
    }
}
