package dev.stagegraph.samples.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagegraph.report.RunReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code camera --runner flink}'s run on a local Flink mini cluster with two readers and two
 * sources: each camera's summary (frames, tracks and detections per class, heights) equals the
 * parallel runner's over the same source, which keeps one camera's state (the background model,
 * the tracker) apart from the other's only if each split's graph sees its own camera alone.
 */
class FlinkCameraTest {
    @BeforeAll
    static void natives() {
        OpenCv.load();
    }

    /** The camera job: synthetic feeds with the shape classifier, or footage ("object" labels, or YOLOX with a model). */
    private static CameraJob job(boolean footage, Path model, long frames) {
        GroundPlane ground = footage ? CameraOptions.FOOTAGE_GROUND : SyntheticSource.ground(240);
        return new CameraJob(0.5, 7, 1, 2, 1, null, footage, model == null ? null : model.toString(), 320, Yolox.DEFAULT_SCORE,
                ground.horizonRow(), ground.cameraHeight(), frames, 320, 240, 1, CameraOptions.IN_FLIGHT);
    }

    /** Each source's summary from the parallel runner, one run per source: frames and the last tally. */
    private static List<String> parallel(CameraJob job, List<String> specs) throws InterruptedException {
        List<String> names = FlinkCamera.names(specs);
        List<String> summaries = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            Feed feed = job.source(specs.get(i));
            SampleSink sink = new SampleSink(null, null);
            try {
                RunReport report = job.localRunner().run(job.pipeline(), feed, sink, job.params());
                assertNotNull(sink.last(), "the parallel run of " + specs.get(i) + " delivered results");
                summaries.add(FlinkCamera.summary(names.get(i), report.completed(), report.failed(), sink.last().tally()));
            } finally {
                feed.releaseFrames();
            }
        }
        return summaries;
    }

    private static FlinkCamera.Run assertSameSummaries(CameraJob job, List<String> specs) throws Exception {
        List<String> expected = parallel(job, specs);
        FlinkCamera.Run run = FlinkCamera.run(job, specs, 2);
        List<String> flink = new ArrayList<>();
        for (Map.Entry<String, CameraTotalsSink.Totals> e : run.cameras().entrySet()) {
            flink.add(FlinkCamera.summary(e.getKey(), e.getValue().frames(), e.getValue().failed(), e.getValue().last()));
        }
        assertEquals(expected, flink);
        return run;
    }

    @Test
    void twoSyntheticCamerasOnFlinkShouldEachSummariseAsTheParallelRunnerDoes() throws Exception {
        CameraJob job = job(false, null, 90);
        List<String> specs = List.of("synthetic", "synthetic");
        FlinkCamera.Run run = assertSameSummaries(job, specs);
        assertEquals(List.of("synthetic", "synthetic#2"), List.copyOf(run.cameras().keySet()));
        assertTrue(run.cameras().get("synthetic").last().tracks() > 0, "the synthetic camera's objects were tracked");
    }

    @Test
    void theTwoClipsOnFlinkShouldEachSummariseAsTheParallelRunnerDoes() throws Exception {
        Path pedestrians = SharedData.pedestrians();
        Path intersection = SharedData.require("intersection-640x480.mp4");
        Path model = pedestrians.resolveSibling("models/yolox_nano.onnx");
        CameraJob job = job(true, Files.isRegularFile(model) ? model : null, 60);
        assertSameSummaries(job, List.of("file:" + pedestrians, "file:" + intersection));
    }
}
