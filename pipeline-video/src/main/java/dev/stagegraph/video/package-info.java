/**
 * Video in and out for stagegraph pipelines: sources of reused OpenCV frames decoded by FFmpeg
 * (files and reconnecting network streams) or read by OpenCV (cameras, image folders), and a writer
 * of annotated frames.
 *
 * <pre>
 *  "file:clip.mp4"  "rtsp://cam/live"  "http://host/live.ts"  "camera:0"  "dir:frames"
 *          \               |                 /                    |           |
 *           FFmpeg: demux -&gt; decode -&gt; swscale into the Mat     OpenCV       OpenCV
 *                          \                                       |           |
 *                           +------------ VideoSource.next(reuse) -+-----------+
 *                                               |  VideoFrame: Mat (BGR), pts, index, source
 *                                               v
 *                                 runner: ring of slots -&gt; stages -&gt; sink
 *                                                                      |
 *                                                   VideoFileWriter: H.264 MP4 / MJPEG AVI
 * </pre>
 *
 * <h2>Glossary</h2>
 * <dl>
 * <dt>{@link dev.stagegraph.video.VideoFrame}</dt>
 * <dd>a reusable frame: its {@code Mat}, presentation time, index and source name; closing it
 *     releases the {@code Mat} once.</dd>
 * <dt>{@link dev.stagegraph.video.VideoSource}</dt>
 * <dd>a {@code FrameSource<VideoFrame>} that fills the frames the runtime hands back, so a run
 *     allocates one image per ring slot and no native memory per frame.</dd>
 * <dt>{@link dev.stagegraph.video.VideoSources}</dt>
 * <dd>makes a source from a source string.</dd>
 * <dt>{@link dev.stagegraph.video.VideoOptions}</dt>
 * <dd>connect and read time-outs, reconnect window and backoff, RTSP transport, frame limit.</dd>
 * <dt>{@link dev.stagegraph.video.StreamStats}</dt>
 * <dd>connects, outages, outage time, frames lost, frames: readable from any thread during a run.</dd>
 * <dt>{@link dev.stagegraph.video.VideoFileWriter}</dt>
 * <dd>writes frames at their own times as H.264 in MP4 or MJPEG in AVI.</dd>
 * <dt>{@link dev.stagegraph.video.VideoSourceException}</dt>
 * <dd>an input that cannot be read, in one line that names it and says what to do.</dd>
 * </dl>
 *
 * <h2>Native memory</h2>
 * FFmpeg's contexts, packet and picture live from a source's {@code open} to its {@code close};
 * frames live until {@link dev.stagegraph.video.VideoSource#releaseFrames()} (after the run) or
 * their own {@code close}. Only one OpenCV is loaded: org.openpnp's; FFmpeg comes through the
 * JavaCPP presets, not JavaCV (which would bring bytedeco's OpenCV as well).
 */
package dev.stagegraph.video;
