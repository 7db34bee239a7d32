package dev.stagegraph.runtime;

import dev.stagegraph.spi.StageNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Keeps the stage spans of the last frames a run delivered, in preallocated arrays, and writes them
 * in the Chrome trace event format that Perfetto and {@code chrome://tracing} open: one complete
 * ({@code "X"}) event per stage per frame, on a track per stage instance, so branches overlapping
 * within a frame and frames overlapping across stages are visible.
 *
 * <p>Written by the delivering thread only ({@link #record} copies a slot's timing arrays, nothing
 * is allocated); read by the runner after that thread stopped.
 */
final class TraceRecorder {
    private static final int FRAME = 0;
    private static final int TAKEN = 1;
    private static final int DELIVERED = 2;
    private static final int FEED = 3;
    private static final int INDEX = 4;
    private static final int HEADER = 5;

    private final Path file;
    private final int capacity;
    private final int stages;
    private final int stride;
    private final long[] data;
    private long recorded;

    TraceRecorder(Path file, int lastFrames, int stages) {
        this.file = file;
        this.capacity = lastFrames;
        this.stages = stages;
        this.stride = HEADER + 2 * stages;
        this.data = new long[Math.multiplyExact(lastFrames, stride)];
    }

    /** Copies the spans of a delivered frame; the oldest frame is overwritten once the buffer is full. */
    void record(Slot slot, long deliveredNanos) {
        int at = (int) (recorded % capacity) * stride;
        data[at + FRAME] = slot.frame;
        data[at + TAKEN] = slot.takenNanos;
        data[at + DELIVERED] = deliveredNanos;
        data[at + FEED] = slot.feed;
        data[at + INDEX] = slot.index;
        System.arraycopy(slot.startNanos, 0, data, at + HEADER, stages);
        System.arraycopy(slot.endNanos, 0, data, at + HEADER + stages, stages);
        recorded++;
    }

    /**
     * Writes the trace.
     *
     * @param nodes the pipeline's stages
     * @param trackOf maps (stage index, replica) to a track number
     * @param trackNames the name of each track: the sources' first, the sink's last
     * @throws IOException if the file cannot be written
     */
    void write(List<StageNode> nodes, TrackMap trackOf, List<String> trackNames) throws IOException {
        long frames = Math.min(recorded, capacity);
        long first = recorded - frames;
        long origin = Long.MAX_VALUE;
        for (long f = first; f < recorded; f++) {
            origin = Math.min(origin, data[(int) (f % capacity) * stride + TAKEN]);
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("{\"displayTimeUnit\":\"ms\",\"traceEvents\":[");
            boolean firstEvent = true;
            for (int t = 0; t < trackNames.size(); t++) {
                out.write((firstEvent ? "" : ",") + "\n{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":1,\"tid\":" + t
                        + ",\"args\":{\"name\":" + quote(trackNames.get(t)) + "}}");
                firstEvent = false;
            }
            for (long f = first; f < recorded; f++) {
                int at = (int) (f % capacity) * stride;
                long frame = data[at + FRAME];
                int feed = (int) data[at + FEED];
                for (StageNode node : nodes) {
                    long start = data[at + HEADER + node.index()];
                    if (start == 0) {
                        continue;
                    }
                    long end = data[at + HEADER + stages + node.index()];
                    int replica = replicaOf(nodes, node, feed, data[at + INDEX]);
                    out.write(String.format(Locale.ROOT,
                            ",\n{\"name\":%s,\"cat\":\"stage\",\"ph\":\"X\",\"pid\":1,\"tid\":%d,\"ts\":%.3f,\"dur\":%.3f,"
                                    + "\"args\":{\"frame\":%d,\"replica\":%d}}",
                            quote(node.name()), trackOf.track(node.index(), replica), (start - origin) / 1e3,
                            (end - start) / 1e3, frame, replica));
                }
                out.write(String.format(Locale.ROOT,
                        ",\n{\"name\":\"frame %d\",\"cat\":\"frame\",\"ph\":\"X\",\"pid\":2,\"tid\":%d,\"ts\":%.3f,\"dur\":%.3f,"
                                + "\"args\":{\"frame\":%d,\"source\":%d}}",
                        frame, frame % 8, (data[at + TAKEN] - origin) / 1e3, (data[at + DELIVERED] - data[at + TAKEN]) / 1e3, frame, feed));
            }
            out.write("\n]}\n");
        }
    }

    /**
     * The instance that ran a stage on a frame: a per-source stage's is the frame's source; an
     * inline function's is its writer's; a replica's is dealt by the frame's position among those
     * taken, as {@link StageWorker#owns} deals it.
     */
    private static int replicaOf(List<StageNode> nodes, StageNode node, int feed, long index) {
        if (node.inline()) {
            int host = node.input(0);
            return host == StageNode.SOURCE ? feed : replicaOf(nodes, nodes.get(host), feed, index);
        }
        return node.perSource() ? feed : (int) (index % node.replicas());
    }

    Path file() {
        return file;
    }

    /** Which track a stage instance's spans go on. */
    @FunctionalInterface
    interface TrackMap {
        int track(int stage, int replica);
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
