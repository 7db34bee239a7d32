package dev.stagegraph.samples.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.videoio.VideoCapture;
import org.opencv.videoio.Videoio;

class MjpegAviTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void natives() {
        OpenCv.load();
    }

    @Test
    void shouldWriteAnAviThatOpenCvAndFfmpegReadBack() throws Exception {
        Path file = tmp.resolve("clip.avi");
        Mat image = new Mat(90, 160, CvType.CV_8UC3);
        MatOfByte jpeg = new MatOfByte();
        try (MjpegAvi avi = new MjpegAvi(file, 160, 90, 29.97)) {
            for (int i = 0; i < 7; i++) {
                image.setTo(new Scalar(30 * i, 0, 255 - 30 * i));
                Imgcodecs.imencode(".jpg", image, jpeg);
                avi.write(jpeg.toArray());
            }
            assertEquals(7, avi.frames());
        }
        VideoCapture capture = new VideoCapture(file.toString(), Videoio.CAP_OPENCV_MJPEG);
        try {
            assertTrue(capture.isOpened());
            assertEquals(29.97, capture.get(Videoio.CAP_PROP_FPS), 0.01);
            int frames = 0;
            while (capture.read(image)) {
                assertEquals(160, image.cols());
                assertEquals(30 * frames, image.get(45, 80)[0], 8, "frame " + frames + " in order");
                frames++;
            }
            assertEquals(7, frames);
        } finally {
            capture.release();
            image.release();
            jpeg.release();
        }
        assertEquals(VideoFileSource.isAvi(java.nio.file.Files.readAllBytes(file)), true);
        assertEquals(7, Ffmpeg.frames(file));
    }
}
