package dev.stagegraph.samples.camera;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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

    private static final int HEADER_BYTES = 64 * 1024;

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
        byte[] head = head(file);
        if (!isAvi(head)) {
            throw new SourceException(describe() + ": not an AVI video; " + CONVERT);
        }
        String codec = videoCodec(head);
        if (codec != null && !codec.equalsIgnoreCase("MJPG")) {
            throw new SourceException(describe() + ": its video is " + codec + ", which cannot be decoded; " + CONVERT);
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

    /** The first bytes of the file: enough for an AVI's headers. */
    private static byte[] head(Path file) throws SourceException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(HEADER_BYTES);
        } catch (IOException e) {
            throw new SourceException("file:" + file + ": cannot be read: " + e.getMessage());
        }
    }

    /** Whether the bytes start as a RIFF AVI does, so a text file or an MP4 gets the right message. */
    static boolean isAvi(byte[] head) {
        return head.length >= 12 && ascii(head, 0).equals("RIFF") && ascii(head, 8).equals("AVI ");
    }

    /**
     * The compression of the AVI's first video stream, from its {@code strf} chunk (a
     * BITMAPINFOHEADER whose {@code biCompression} is 16 bytes in), e.g. {@code MJPG} or
     * {@code H264}; {@code null} when the headers are not in the bytes. Checked before OpenCV opens
     * the file so an unreadable codec gets a message naming it and no OpenCV warning.
     */
    static String videoCodec(byte[] head) {
        for (int i = 12; i + 40 <= head.length; i++) {
            if (ascii(head, i).equals("strh") && ascii(head, i + 8).equals("vids")) {
                for (int j = i + 8; j + 32 <= head.length; j++) {
                    if (ascii(head, j).equals("strf")) {
                        return ascii(head, j + 8 + 16).trim();
                    }
                }
                return null;
            }
        }
        return null;
    }

    private static String ascii(byte[] bytes, int at) {
        return new String(bytes, at, 4, StandardCharsets.ISO_8859_1);
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
