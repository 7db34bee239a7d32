package dev.stagegraph.samples.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagegraph.Pipeline;
import dev.stagegraph.PipelineBuilder;
import dev.stagegraph.Port;
import dev.stagegraph.Runner;
import dev.stagegraph.StageOptions;
import dev.stagegraph.report.RunReport;
import dev.stagegraph.runtime.ParallelRunner;
import dev.stagegraph.runtime.SequentialRunner;
import dev.stagegraph.testkit.StageTester;
import dev.stagegraph.video.VideoOptions;
import dev.stagegraph.video.VideoSources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.dnn.Dnn;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;
import org.opencv.videoio.VideoCapture;

/** YOLOX-Nano on real pixels: the intersection clip (H.264, decoded by ffmpeg) and the pedestrian clip. */
class YoloxTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void natives() {
        OpenCv.load();
    }

    private static Path model() {
        return SharedData.require("models/yolox_nano.onnx");
    }

    /** Every {@code step}-th frame of the intersection clip as PNGs, decoded by the ffmpeg CLI. */
    private List<Path> intersection(String select) throws IOException, InterruptedException {
        Path clip = SharedData.require("intersection-640x480.mp4");
        Ffmpeg.run("ffmpeg", "-v", "error", "-i", clip.toString(), "-vf", "select=" + select, "-vsync", "0",
                tmp.resolve("f%03d.png").toString());
        try (Stream<Path> files = Files.list(tmp)) {
            return files.filter(p -> p.toString().endsWith(".png")).sorted().toList();
        }
    }

    @Test
    void shouldFindCarsAndPeopleAtTheIntersection() throws Exception {
        Path model = model();
        List<Path> frames = intersection("not(mod(n\\,40))");
        assertEquals(23, frames.size(), "frames 0, 40, ... 880");
        StageTester<Detections, Sightings> stage = StageTester.of("classifier",
                () -> new YoloxStage(model, Yolox.DEFAULT_INPUT, Yolox.DEFAULT_SCORE)).open();
        Yolox whole = Yolox.open(model, Yolox.DEFAULT_INPUT, Yolox.DEFAULT_SCORE);
        int vehicles = 0;
        int withVehicles = 0;
        int withPeople = 0;
        try {
            for (Path f : frames) {
                Mat image = Imgcodecs.imread(f.toString());
                try {
                    Sightings seen = stage.process(new Detections(image, List.of()));
                    List<Sighting> street = whole.detect(image).stream().filter(s -> s.objectClass() != null).toList();
                    assertEquals(street, seen.objects(), f + ": the stage keeps the street classes of the whole-frame run");
                    int v = seen.count(ObjectClass.VEHICLE);
                    assertTrue(v <= 8, f + ": " + v + " vehicles " + seen);
                    vehicles += v;
                    withVehicles += v > 0 ? 1 : 0;
                    withPeople += seen.count(ObjectClass.PERSON) > 0 ? 1 : 0;
                    for (Sighting s : seen.objects()) {
                        assertEquals(s.box(), s.box().clip(640, 480), "inside the frame: " + s);
                        assertTrue(s.score() >= Yolox.DEFAULT_SCORE && s.score() <= 1, s.toString());
                    }
                } finally {
                    image.release();
                }
            }
        } finally {
            whole.close();
            stage.close();
        }
        double mean = (double) vehicles / frames.size();
        assertTrue(mean >= 2 && mean <= 6, "2 to 6 vehicles a frame on average, was " + mean);
        assertTrue(withVehicles >= 20, "a vehicle in nearly every frame, was " + withVehicles + " of " + frames.size());
        assertTrue(withPeople >= frames.size() / 3, "a pedestrian in a third of the frames, was " + withPeople);
    }

    @Test
    void shouldFindTheCrowdOnThePedestrianClip() {
        Path clip = SharedData.pedestrians();
        Yolox yolox = Yolox.open(model(), Yolox.DEFAULT_INPUT, Yolox.DEFAULT_SCORE);
        VideoCapture capture = new VideoCapture(clip.toString());
        Mat frame = new Mat();
        List<Integer> counts = new ArrayList<>();
        try {
            assertTrue(capture.isOpened(), "the MJPEG clip opens");
            for (int n = 0; n < 341 && capture.read(frame); n++) {
                if (n % 20 == 0) {
                    counts.add((int) yolox.detect(frame).stream().filter(s -> s.coco() == 0).count());
                }
            }
        } finally {
            capture.release();
            frame.release();
            yolox.close();
        }
        assertEquals(18, counts.size());
        List<Integer> sorted = counts.stream().sorted().toList();
        // measured here: 10 to 23 a frame, median 15; 20 to 30 people are in view
        assertTrue(sorted.get(0) >= 8 && sorted.get(sorted.size() - 1) <= 26, "8 to 26 people a frame: " + counts);
        int median = sorted.get(sorted.size() / 2);
        assertTrue(median >= 14 && median <= 20, "about 15 people in a typical frame: " + counts);
    }

    @Test
    void shouldLetterboxIntoTheSameBuffersAsBlobFromImageWouldPad() {
        Yolox yolox = Yolox.open(model(), 320, Yolox.DEFAULT_SCORE);
        Mat wide = new Mat(360, 640, CvType.CV_8UC3);
        Mat tall = new Mat(480, 640, CvType.CV_8UC3);
        Core.randu(wide, 0, 256);
        Core.randu(tall, 0, 256);
        try {
            long address = yolox.letterbox(tall).dataAddr();
            for (Mat frame : new Mat[] {tall, wide, tall, wide}) {
                Mat blob = yolox.letterbox(frame);
                assertEquals(address, blob.dataAddr(), "the input blob is reused, not reallocated");
                Mat expected = reference(frame, 320);
                assertEquals(0, Core.norm(blob.reshape(1, 3 * 320), expected.reshape(1, 3 * 320), Core.NORM_INF), 1e-6,
                        frame.size() + ": scaled to the top left, padded with 114 below and right");
                expected.release();
            }
        } finally {
            wide.release();
            tall.release();
            yolox.close();
        }
    }

    /** The frame scaled to fit, padded bottom and right with 114, through OpenCV's own blob maker. */
    private static Mat reference(Mat frame, int side) {
        double scale = Math.min((double) side / frame.cols(), (double) side / frame.rows());
        Mat small = new Mat();
        Mat padded = new Mat();
        Imgproc.resize(frame, small, new Size(Math.round(frame.cols() * scale), Math.round(frame.rows() * scale)), 0, 0,
                Imgproc.INTER_LINEAR);
        Core.copyMakeBorder(small, padded, 0, side - small.rows(), 0, side - small.cols(), Core.BORDER_CONSTANT,
                Scalar.all(Yolox.PAD));
        Mat blob = Dnn.blobFromImage(padded, 1.0, new Size(side, side), Scalar.all(0), false, false);
        small.release();
        padded.release();
        return blob;
    }

    @Test
    void replicasInTheParallelRunnerShouldLabelAsTheSequentialRunnerDoes() throws Exception {
        Path model = model();
        intersection("between(n\\,300\\,315)");
        Pipeline<Frame, Sightings> pipeline = pipeline(model);
        List<Sightings> sequential = run(SequentialRunner.create(), pipeline);
        List<Sightings> parallel = run(ParallelRunner.create(), pipeline);
        assertEquals(16, sequential.size());
        assertEquals(sequential, parallel, "frame by frame");
        assertTrue(sequential.stream().allMatch(Sightings::modelled));
        assertTrue(sequential.stream().mapToInt(s -> s.count(ObjectClass.VEHICLE)).sum() >= 16, "cars seen: " + sequential);
    }

    private static Pipeline<Frame, Sightings> pipeline(Path model) {
        PipelineBuilder<Frame> b = Pipeline.builder("yolox");
        Port<Detections> blobs = b.stage("detector", b.source(), () -> new Detector(0.5), StageOptions.defaults().ordered());
        return b.build(YoloxStage.wire(b, blobs, model, 320, Yolox.DEFAULT_SCORE, 2));
    }

    private List<Sightings> run(Runner runner, Pipeline<Frame, Sightings> pipeline) throws InterruptedException {
        List<Sightings> results = new ArrayList<>();
        VideoFeed source = new VideoFeed(VideoSources.create("dir:" + tmp, VideoOptions.defaults().withImageRate(30)));
        try {
            RunReport report = runner.run(pipeline, source, o -> results.add(o.result()));
            assertEquals(16, report.completed(), report.toTable());
            assertEquals(2, report.stages().stream().filter(s -> s.name().equals("classifier")).findFirst().orElseThrow()
                    .replicas());
        } finally {
            source.releaseFrames();
        }
        return results;
    }

    @Test
    void withoutAModelShouldLabelTheBlobsObjectWithNoScore() throws Exception {
        Detection blob = new Detection(new Box(10, 20, 30, 40), 900, new int[] {10, 20, 39, 20, 39, 59, 10, 59});
        Sightings seen;
        try (StageTester<Detections, Sightings> stage = StageTester.of("classifier",
                () -> new YoloxStage(null, Yolox.DEFAULT_INPUT, Yolox.DEFAULT_SCORE)).open()) {
            seen = stage.process(new Detections(List.of(blob)));
        }
        assertFalse(seen.modelled());
        assertEquals(1, seen.objects().size());
        Sighting s = seen.objects().get(0);
        assertEquals(ObjectClass.OBJECT, s.objectClass());
        assertEquals("object", s.name());
        assertTrue(Double.isNaN(s.score()), "no confidence without a model");
        assertEquals(new Box(10, 20, 30, 40), seen.asDetections(null).objects().get(0).box());
        assertEquals(0, seen.count(ObjectClass.PERSON) + seen.count(ObjectClass.VEHICLE));
    }

    @Test
    void sizesShouldFollowTheSightingsInOrder() throws Exception {
        Sightings seen = new Sightings(List.of(new Sighting(new Box(100, 200, 30, 80), 0, "person", 0.9),
                new Sighting(new Box(300, 100, 90, 40), 2, "car", 0.8)), true);
        List<SizeEstimate> measured;
        try (StageTester<Sightings, List<SizeEstimate>> sizes = StageTester.of("size", SightingSizes::new)
                .param(SizeEstimator.GROUND, new GroundPlane(-170, 8.9)).open()) {
            measured = sizes.process(seen);
        }
        assertEquals(List.of(new Box(100, 200, 30, 80), new Box(300, 100, 90, 40)),
                measured.stream().map(SizeEstimate::box).toList());
        assertEquals(1, measured.get(0).extent(), 1e-9);
        assertTrue(measured.get(0).worldHeight() > 1 && measured.get(0).worldHeight() < 2.5,
                "a person 80 px tall at row 280 of the footage calibration: " + measured.get(0));
    }

    @Test
    void aMissingModelShouldFailOpenNamingTheModelFlag() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StageTester.of("classifier",
                () -> new YoloxStage(tmp.resolve("yolox_nano.onnx"), Yolox.DEFAULT_INPUT, Yolox.DEFAULT_SCORE)).open());
        assertTrue(e.getMessage().contains("--model") && e.getMessage().contains("classifier"), e.getMessage());
    }

    @Test
    void aFileThatIsNoOnnxModelShouldFailOpenClearly() throws IOException {
        Path model = Files.writeString(tmp.resolve("yolox_nano.onnx"), "not a model");
        Files.write(tmp.resolve(CocoNames.FILE), Stream.iterate(0, i -> i + 1).limit(80).map(i -> "class" + i).toList());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Yolox.open(model, 320, 0.5f));
        assertTrue(e.getMessage().contains("cannot read it as an ONNX model"), e.getMessage());
    }

    @Test
    void aShortClassListShouldBeRefused() throws IOException {
        Path names = Files.write(tmp.resolve(CocoNames.FILE), List.of("person", "bicycle"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CocoNames.read(names));
        assertTrue(e.getMessage().contains("holds 2 lines"), e.getMessage());
    }

    @Test
    void vehiclesShouldCountCarsBusesTrucksAndMotorcyclesTogether() {
        List<Sighting> seen = new ArrayList<>();
        for (int coco : new int[] {0, 1, 2, 3, 5, 7, 2}) {
            seen.add(new Sighting(new Box(coco, 0, 10, 10), coco, "c" + coco, 0.9));
        }
        Sightings s = new Sightings(seen, true);
        assertEquals(5, s.count(ObjectClass.VEHICLE));
        assertEquals(2, s.count(ObjectClass.CAR));
        assertEquals(1, s.count(ObjectClass.BICYCLE));
        assertEquals(1, s.count(ObjectClass.PERSON));
        assertEquals(null, ObjectClass.ofCoco(9), "a traffic light is not reported");
    }
}
