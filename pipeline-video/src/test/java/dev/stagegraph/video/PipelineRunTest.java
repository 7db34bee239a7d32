package dev.stagegraph.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagegraph.FrameContext;
import dev.stagegraph.Pipeline;
import dev.stagegraph.PipelineBuilder;
import dev.stagegraph.Port;
import dev.stagegraph.Runner;
import dev.stagegraph.report.RunReport;
import dev.stagegraph.runtime.ParallelRunner;
import dev.stagegraph.runtime.SequentialRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.imgproc.Imgproc;

/**
 * The sources and the writer under the real runners: every frame of the H.264 clip goes through a
 * two-stage graph in order, the parallel run (which hands frames back as {@code reuse}) gives the
 * sequential run's results frame by frame, and the sink writes the video ffprobe reads back whole.
 */
class PipelineRunTest {
    @TempDir
    Path tmp;

    /** Per frame: its index, time and the mean of its grey image. */
    record Seen(long index, long ptsNanos, double mean) {}

    @Test
    void parallelRunOverTheClip_equalsSequential_andWritesEveryFrame() throws Exception {
        Path clip = Media.intersection();
        List<Seen> sequential = run(SequentialRunner.create(), clip, null);
        Path out = tmp.resolve("annotated.mp4");
        List<Seen> parallel = run(ParallelRunner.builder().ringSize(8).build(), clip, out);
        assertEquals(909, sequential.size());
        assertEquals(sequential, parallel, "parallel results equal sequential ones, frame by frame");
        for (int i = 0; i < parallel.size(); i++) {
            assertEquals(i, parallel.get(i).index(), "in order");
        }
        assertEquals(909, Media.probeFrames(out), "ffprobe reads every written frame");
    }

    private static List<Seen> run(Runner runner, Path clip, Path out) throws Exception {
        PipelineBuilder<VideoFrame> b = Pipeline.builder("video");
        Port<Mat> grey = b.release(b.stage("grey", b.source(), () -> (VideoFrame f, FrameContext c) -> {
            if (c.timestampNanos() != f.ptsNanos() || !c.source().equals(f.source())) {
                throw new IllegalStateException("the frame context carries the frame's time and source: " + c.timestampNanos());
            }
            Mat g = new Mat();
            Imgproc.cvtColor(f.image(), g, Imgproc.COLOR_BGR2GRAY);
            return g;
        }), Mat::release);
        Port<Double> mean = b.stage("mean", grey, () -> (Mat g, FrameContext c) -> Core.mean(g).val[0]);
        Pipeline<VideoFrame, Double> pipeline = b.build(mean);
        List<Seen> seen = new ArrayList<>();
        VideoSource source = VideoSources.create("file:" + clip);
        VideoFileWriter[] writer = new VideoFileWriter[1];
        try {
            RunReport report = runner.run(pipeline, source, o -> {
                VideoFrame input = o.input();
                seen.add(new Seen(input.index(), input.ptsNanos(), o.result()));
                if (out != null) {
                    if (writer[0] == null) {
                        writer[0] = VideoFileWriter.open(out, input.width(), input.height(), source.framesPerSecond());
                    }
                    writer[0].write(input);
                }
            });
            assertEquals(909, report.completed(), report.toTable());
            assertTrue(report.failed() == 0 && report.dropped() == 0, report.toTable());
        } finally {
            if (writer[0] != null) {
                writer[0].close();
            }
            source.releaseFrames();
        }
        return seen;
    }
}
