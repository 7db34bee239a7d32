package dev.stagegraph.flink;

import dev.stagegraph.Outcome;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.CompositeTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Writes a {@link FrameResult}: source, frame, kind, then the value (nested serializer) or failure, each behind a presence flag. */
final class FrameResultSerializer<R> extends TypeSerializer<FrameResult<R>> {
    private static final long serialVersionUID = 1L;
    private static final Outcome.Kind[] KINDS = Outcome.Kind.values();

    private final TypeSerializer<R> values;

    FrameResultSerializer(TypeSerializer<R> values) {
        this.values = values;
    }

    TypeSerializer<R> values() {
        return values;
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<FrameResult<R>> duplicate() {
        TypeSerializer<R> copy = values.duplicate();
        return copy == values ? this : new FrameResultSerializer<>(copy);
    }

    @Override
    public FrameResult<R> createInstance() {
        return new FrameResult<>("", 0, Outcome.Kind.NO_RESULT, null, null);
    }

    @Override
    public FrameResult<R> copy(FrameResult<R> from) {
        R value = from.value() == null ? null : values.copy(from.value());
        return new FrameResult<>(from.source(), from.frame(), from.kind(), value, from.failure());
    }

    @Override
    public FrameResult<R> copy(FrameResult<R> from, FrameResult<R> reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(FrameResult<R> record, DataOutputView target) throws IOException {
        target.writeUTF(record.source());
        target.writeLong(record.frame());
        target.writeByte(record.kind().ordinal());
        target.writeBoolean(record.value() != null);
        if (record.value() != null) {
            values.serialize(record.value(), target);
        }
        target.writeBoolean(record.failure() != null);
        if (record.failure() != null) {
            target.writeUTF(record.failure());
        }
    }

    @Override
    public FrameResult<R> deserialize(DataInputView source) throws IOException {
        String name = source.readUTF();
        long frame = source.readLong();
        Outcome.Kind kind = KINDS[source.readByte()];
        R value = source.readBoolean() ? values.deserialize(source) : null;
        String failure = source.readBoolean() ? source.readUTF() : null;
        return new FrameResult<>(name, frame, kind, value, failure);
    }

    @Override
    public FrameResult<R> deserialize(FrameResult<R> reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof FrameResultSerializer<?> other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<FrameResult<R>> snapshotConfiguration() {
        return new Snapshot<>(this);
    }

    /** The serializer's snapshot: version 1 of the outer format plus the value serializer's snapshot. */
    public static final class Snapshot<R> extends CompositeTypeSerializerSnapshot<FrameResult<R>, FrameResultSerializer<R>> {

        /** For Flink's reflective restore. */
        public Snapshot() {
        }

        Snapshot(FrameResultSerializer<R> serializer) {
            super(serializer);
        }

        @Override
        protected int getCurrentOuterSnapshotVersion() {
            return 1;
        }

        @Override
        protected TypeSerializer<?>[] getNestedSerializers(FrameResultSerializer<R> outer) {
            return new TypeSerializer<?>[] {outer.values()};
        }

        @Override
        @SuppressWarnings("unchecked")
        protected FrameResultSerializer<R> createOuterSerializerWithNestedSerializers(TypeSerializer<?>[] nested) {
            return new FrameResultSerializer<>((TypeSerializer<R>) nested[0]);
        }
    }
}
