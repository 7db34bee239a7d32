package dev.stagegraph.samples.camera;

import dev.stagegraph.FrameSink;
import dev.stagegraph.Outcome;
import dev.stagegraph.Param;
import dev.stagegraph.Pipeline;
import dev.stagegraph.Runner;
import dev.stagegraph.report.Latency;
import dev.stagegraph.report.RunReport;
import dev.stagegraph.report.SourceReport;
import dev.stagegraph.samples.SampleRun;
import dev.stagegraph.serve.JpegStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Function;

/**
 * One run of the camera pipeline over every camera of the options: one pipeline, one run, the
 * sources' frames interleaved in it (a single camera runs as a plain one-source run, exactly as
 * before several were possible). Each camera gets its own sink (its last result, its video file,
 * its live stream), chosen by the name each frame carries.
 *
 * @param mode the runner's mode
 * @param report the run's report, with one {@link SourceReport} per camera
 * @param cameras what each camera's sink saw, in the order of the options' cameras
 */
record CameraRun(String mode, RunReport report, List<Seen> cameras) {

    /**
     * What one camera's sink saw.
     *
     * @param camera the camera
     * @param last its last result, or {@code null} if none came through
     * @param written frames its video got
     * @param video its video file, or {@code null}
     */
    record Seen(Camera camera, FrameResult last, long written, Path video) {}

    /**
     * Runs the pipeline once over every camera; prints the report to {@code out} unless it is
     * {@code null} (and then shows no progress either); offers each camera's annotated frames to
     * the streams {@code live.apply(camera)} gives unless {@code live} is {@code null}.
     *
     * @param runner the runner
     * @param o the options
     * @param quiet no progress line
     * @param out where the report goes, or {@code null}
     * @param live each camera's live streams, or {@code null} for none
     * @return the run
     * @throws InterruptedException if the calling thread was interrupted
     * @throws IOException if a video cannot be written
     */
    static CameraRun of(Runner runner, CameraOptions o, boolean quiet, PrintStream out, Function<Camera, List<JpegStream>> live)
            throws InterruptedException, IOException {
        String caption = o.out() == null && live == null ? "" : runner.mode() + " | OpenCV threads " + o.cvThreads();
        Pipeline<Frame, Annotated> pipeline = VisionPipeline.build(o.settings());
        Map<Param<?>, ?> params = Map.of(SizeEstimator.GROUND, o.ground(), Renderer.CAPTION, caption,
                Renderer.JPEG, live != null);
        List<Camera> cameras = o.cameras();
        List<Feed> sources = new ArrayList<>();
        List<AnnotatedVideo> videos = new ArrayList<>();
        Map<String, SampleSink> sinks = new LinkedHashMap<>();
        try {
            for (Camera c : cameras) {
                Feed source = Sources.create(c.spec(), o.frames(), o.seed(), o.width(), o.height());
                sources.add(source);
                Path file = c.video(o.out(), cameras.size());
                AnnotatedVideo video = file == null ? null : new AnnotatedVideo(file, source::framesPerSecond);
                videos.add(video);
                sinks.put(c.name(), new SampleSink(video, live == null ? List.of() : live.apply(c)));
            }
            FrameSink<Frame, Annotated> sink = cameras.size() == 1 ? sinks.values().iterator().next() : new Routing(sinks);
            RunReport report;
            if (cameras.size() == 1) {
                report = out == null ? runner.run(pipeline, sources.get(0), sink, params)
                        : SampleRun.run(runner, pipeline, sources.get(0), sink, params, quiet, r -> out.print(r.toTable()));
            } else {
                List<dev.stagegraph.source.Feed<Frame>> feeds = new ArrayList<>();
                for (int i = 0; i < cameras.size(); i++) {
                    feeds.add(dev.stagegraph.source.Feed.<Frame>of(sources.get(i)).named(cameras.get(i).name()));
                }
                report = out == null ? runner.run(pipeline, feeds, sink, params)
                        : SampleRun.run(runner, pipeline, feeds, sink, params, quiet, r -> out.print(r.toTable()));
            }
            List<Seen> seen = new ArrayList<>();
            for (int i = 0; i < cameras.size(); i++) {
                Camera c = cameras.get(i);
                AnnotatedVideo v = videos.get(i);
                seen.add(new Seen(c, sinks.get(c.name()).last(), v == null ? 0 : v.written(), c.video(o.out(), cameras.size())));
            }
            return new CameraRun(runner.mode(), report, seen);
        } finally {
            for (AnnotatedVideo v : videos) {
                if (v != null) {
                    v.close();
                }
            }
            sources.forEach(Feed::releaseFrames);
        }
    }

    /** The run's line, as a single-camera run always printed it. */
    String line(CameraOptions o) {
        long written = cameras.stream().mapToLong(Seen::written).sum();
        return String.format(Locale.ROOT, "camera %s: %s, %d frames, %.1f FPS, OpenCV threads %d (Core.setNumThreads),"
                + " detect scale %.2f%s", mode, o.source(), report.completed(), report.fps(), o.cvThreads(),
                o.settings().detectScale(), written > 0 ? ", " + written + " frames written" : "");
    }

    /**
     * The per-camera summary: a line per camera (frames, FPS, drops, end-to-end p50/p99, tracks per
     * class) and, with several cameras, one for all of them together.
     *
     * @return the lines, each ending with a line break
     */
    String summary() {
        StringBuilder b = new StringBuilder();
        for (Seen s : cameras) {
            SourceReport r = source(s.camera().name());
            b.append(row("  camera " + s.camera().name(), r.completed(), r.fps(), r.dropped(), r.endToEnd(),
                    s.last() == null ? null : s.last().tally()));
        }
        if (cameras.size() > 1) {
            b.append(row("  all " + cameras.size() + " cameras", report.completed(), report.fps(), report.dropped(),
                    report.endToEnd(), total()));
        }
        return b.toString();
    }

    private static String row(String who, long frames, double fps, long dropped, Latency latency, Tally tally) {
        StringJoiner tracks = new StringJoiner(", ");
        if (tally != null) {
            tally.tracksPerClass().forEach((c, n) -> tracks.add(c + " " + n));
        }
        return String.format(Locale.ROOT, "%s: %d frames, %.1f FPS, %d dropped, end-to-end p50 %.1f ms p99 %.1f ms,"
                + " tracks: %s%n", who, frames, fps, dropped, latency.p50Nanos() / 1e6, latency.p99Nanos() / 1e6,
                tally == null ? "none" : tracks.toString());
    }

    /**
     * The report of one camera's source: by its name with several cameras, the only one with one.
     *
     * @param name the camera's name
     * @return the source's report
     * @throws IllegalStateException if the report has none for it
     */
    SourceReport source(String name) {
        List<SourceReport> all = report.sources();
        if (cameras.size() == 1 && all.size() == 1) {
            return all.get(0);
        }
        return all.stream().filter(r -> r.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("the run reported no source named '" + name + "': " + all));
    }

    /** Every camera's last tally added up, or {@code null} when no camera had a result. */
    Tally total() {
        Tally sum = null;
        for (Seen s : cameras) {
            if (s.last() != null) {
                sum = sum == null ? s.last().tally() : sum.plus(s.last().tally());
            }
        }
        return sum;
    }

    /**
     * The tallies as JSON: {@code {"NAME":{"tracks":{...},"detections":{...}},...}}, {@code null}
     * for a camera without a result.
     *
     * @return the JSON object's text
     */
    String camerasJson() {
        StringJoiner j = new StringJoiner(",", "{", "}");
        for (Seen s : cameras) {
            j.add("\"" + s.camera().name() + "\":" + (s.last() == null ? "null" : s.last().tally().toJson()));
        }
        return j.toString();
    }

    /** Hands each outcome to the sink of the camera whose name its frame carries. */
    private static final class Routing implements FrameSink<Frame, Annotated> {
        private final Map<String, SampleSink> sinks;

        Routing(Map<String, SampleSink> sinks) {
            this.sinks = sinks;
        }

        @Override
        public void accept(Outcome<? extends Frame, ? extends Annotated> outcome) throws IOException {
            SampleSink sink = sinks.get(outcome.frame().source());
            if (sink == null) {
                throw new IllegalStateException("a frame of an unknown source '" + outcome.frame().source() + "'; cameras: "
                        + sinks.keySet());
            }
            sink.accept(outcome);
        }
    }
}
