package dev.stagegraph.flink;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * One source as a Flink split: its position among the run's sources, its name, its
 * {@link NamedSource} (factory and run parameters; Java serialized, deserialized on the task
 * manager with the job's class loader) and the next frame number to emit, which is what a
 * checkpoint remembers.
 */
final class SourceSplitState implements SourceSplit, java.io.Serializable {
    private static final long serialVersionUID = 1L;

    final int index;
    final String name;
    final byte[] factory;
    final long nextFrame;

    SourceSplitState(int index, String name, byte[] factory, long nextFrame) {
        this.index = index;
        this.name = name;
        this.factory = factory;
        this.nextFrame = nextFrame;
    }

    SourceSplitState at(long next) {
        return new SourceSplitState(index, name, factory, next);
    }

    @Override
    public String splitId() {
        return name;
    }

    @Override
    public String toString() {
        return "split[" + index + " '" + name + "' from frame " + nextFrame + "]";
    }

    static void write(SourceSplitState s, DataOutputStream out) throws IOException {
        out.writeInt(s.index);
        out.writeUTF(s.name);
        out.writeLong(s.nextFrame);
        out.writeInt(s.factory.length);
        out.write(s.factory);
    }

    static SourceSplitState read(DataInputStream in) throws IOException {
        int index = in.readInt();
        String name = in.readUTF();
        long next = in.readLong();
        byte[] factory = new byte[in.readInt()];
        in.readFully(factory);
        return new SourceSplitState(index, name, factory, next);
    }

    /** Serializes one split. */
    static final class Serializer implements SimpleVersionedSerializer<SourceSplitState> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(SourceSplitState split) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                write(split, out);
            }
            return bytes.toByteArray();
        }

        @Override
        public SourceSplitState deserialize(int version, byte[] serialized) throws IOException {
            checkVersion(version);
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                return read(in);
            }
        }
    }

    /** Serializes the enumerator's checkpoint: the splits not assigned yet. */
    static final class ListSerializer implements SimpleVersionedSerializer<List<SourceSplitState>> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(List<SourceSplitState> splits) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeInt(splits.size());
                for (SourceSplitState s : splits) {
                    write(s, out);
                }
            }
            return bytes.toByteArray();
        }

        @Override
        public List<SourceSplitState> deserialize(int version, byte[] serialized) throws IOException {
            checkVersion(version);
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                int n = in.readInt();
                List<SourceSplitState> splits = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    splits.add(read(in));
                }
                return splits;
            }
        }
    }

    private static void checkVersion(int version) throws IOException {
        if (version != 1) {
            throw new IOException("stagegraph split state of version " + version + " is not readable by this version (1):"
                    + " restore from a checkpoint taken by the same pipeline-flink version");
        }
    }
}
