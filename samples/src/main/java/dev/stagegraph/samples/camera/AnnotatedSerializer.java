package dev.stagegraph.samples.camera;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink's serializer of the camera pipeline's {@link Annotated} result, written field by field (no
 * Kryo): the aggregator's {@link FrameResult} (every object with its track, box, label and sizes,
 * and the running {@link Tally}) and the live view's JPEG bytes when there are any. The annotated
 * image is not written: it is native memory the runtime frees as soon as the sink's call returns,
 * before Flink serializes the record, so a Flink run binds no caption and the renderer draws none
 * ({@link CameraJob#params}). Stateless, so one instance may serve every thread.
 */
final class AnnotatedSerializer extends TypeSerializer<Annotated> {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public TypeSerializer<Annotated> duplicate() {
        return this;
    }

    @Override
    public Annotated createInstance() {
        return new Annotated(null, null, null);
    }

    @Override
    public Annotated copy(Annotated from) {
        return new Annotated(from.result(), null, from.jpeg());
    }

    @Override
    public Annotated copy(Annotated from, Annotated reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(Annotated record, DataOutputView out) throws IOException {
        FrameResult r = record.result();
        out.writeBoolean(r != null);
        if (r != null) {
            out.writeLong(r.frame());
            out.writeInt(r.objects().size());
            for (TrackedObject o : r.objects()) {
                out.writeInt(o.track());
                out.writeBoolean(o.confirmed());
                out.writeInt(o.box().x());
                out.writeInt(o.box().y());
                out.writeInt(o.box().width());
                out.writeInt(o.box().height());
                out.writeUTF(o.cls());
                out.writeDouble(o.confidence());
                out.writeDouble(o.worldWidth());
                out.writeDouble(o.worldHeight());
                out.writeDouble(o.face());
            }
            Tally t = r.tally();
            out.writeInt(t.tracksPerClass().size());
            for (Map.Entry<String, Integer> e : t.tracksPerClass().entrySet()) {
                out.writeUTF(e.getKey());
                out.writeInt(e.getValue());
            }
            out.writeInt(t.detectionsPerClass().size());
            for (Map.Entry<String, Long> e : t.detectionsPerClass().entrySet()) {
                out.writeUTF(e.getKey());
                out.writeLong(e.getValue());
            }
            out.writeInt(t.heights().size());
            for (int h : t.heights()) {
                out.writeInt(h);
            }
        }
        byte[] jpeg = record.jpeg();
        out.writeInt(jpeg == null ? -1 : jpeg.length);
        if (jpeg != null) {
            out.write(jpeg);
        }
    }

    @Override
    public Annotated deserialize(DataInputView in) throws IOException {
        FrameResult result = null;
        if (in.readBoolean()) {
            long frame = in.readLong();
            int n = in.readInt();
            List<TrackedObject> objects = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int track = in.readInt();
                boolean confirmed = in.readBoolean();
                Box box = new Box(in.readInt(), in.readInt(), in.readInt(), in.readInt());
                objects.add(new TrackedObject(track, confirmed, box, in.readUTF(), in.readDouble(), in.readDouble(), in.readDouble(),
                        in.readDouble()));
            }
            Map<String, Integer> tracks = new LinkedHashMap<>();
            for (int i = in.readInt(); i > 0; i--) {
                tracks.put(in.readUTF(), in.readInt());
            }
            Map<String, Long> detections = new LinkedHashMap<>();
            for (int i = in.readInt(); i > 0; i--) {
                detections.put(in.readUTF(), in.readLong());
            }
            int bins = in.readInt();
            List<Integer> heights = new ArrayList<>(bins);
            for (int i = 0; i < bins; i++) {
                heights.add(in.readInt());
            }
            result = new FrameResult(frame, objects, new Tally(tracks, detections, heights));
        }
        int length = in.readInt();
        byte[] jpeg = null;
        if (length >= 0) {
            jpeg = new byte[length];
            in.readFully(jpeg);
        }
        return new Annotated(result, null, jpeg);
    }

    @Override
    public Annotated deserialize(Annotated reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof AnnotatedSerializer;
    }

    @Override
    public int hashCode() {
        return AnnotatedSerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<Annotated> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The serializer's snapshot: it has no configuration, only its format version (1). */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Annotated> {
        /** For Flink's reflective restore. */
        public Snapshot() {
            super(AnnotatedSerializer::new);
        }
    }
}
