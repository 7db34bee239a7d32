package dev.stagegraph.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagegraph.InvalidPipelineException;
import dev.stagegraph.Outcome;
import dev.stagegraph.Pipeline;
import dev.stagegraph.PipelineBuilder;
import dev.stagegraph.Stage;
import dev.stagegraph.source.FrameSource;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** What fails when the job is built, on the client, before anything reaches a cluster; and the result record's serializer. */
class JobBuildTest {

    static Pipeline<Long, Long> duplicateNames() {
        PipelineBuilder<Long> b = Pipeline.builder("bad");
        Stage<Long, Long> id = (x, ctx) -> x;
        b.stage("same", b.source(), () -> id);
        return b.build(b.stage("same", b.source(), () -> id));
    }

    static Pipeline<Long, Long> fine() {
        PipelineBuilder<Long> b = Pipeline.builder("fine");
        Stage<Long, Long> id = (x, ctx) -> x;
        return b.build(b.stage("id", b.source(), () -> id));
    }

    /** Not serializable. */
    static final class Camera {
        final List<Long> frames = List.of(1L, 2L);
    }

    @Test
    void aBadPipelineFailsAtJobBuild() {
        List<NamedSource<Long>> sources = List.of(NamedSource.of("cam", Reference.source(1, 3)));
        InvalidPipelineException e = assertThrows(InvalidPipelineException.class,
                () -> FlinkRunner.create().source(JobBuildTest::duplicateNames, sources));
        assertTrue(e.getMessage().contains("same"), e.getMessage());
    }

    @Test
    void aNonSerializableSourceFactoryFailsAtJobBuildNamingTheSource() {
        Camera camera = new Camera();
        List<NamedSource<Long>> sources = List.of(NamedSource.of("ok", Reference.source(1, 3)),
                NamedSource.of("door", () -> FrameSource.of(camera.frames)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FlinkRunner.create().source(JobBuildTest::fine, sources));
        assertTrue(e.getMessage().contains("source 'door'") && e.getMessage().contains("not serializable")
                && e.getMessage().contains("Camera"), e.getMessage());
    }

    @Test
    void nonSerializableSourceParametersFailAtJobBuildNamingTheSource() {
        Camera camera = new Camera();
        List<NamedSource<Long>> sources = List.of(NamedSource.of("door", Reference.source(1, 3))
                .withParams(() -> java.util.Map.of(dev.stagegraph.Param.of("n", Integer.class), camera.frames.size())));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FlinkRunner.create().source(JobBuildTest::fine, sources));
        assertTrue(e.getMessage().startsWith("the run parameters of source 'door' is not serializable"), e.getMessage());
    }

    @Test
    void aNonSerializablePipelineFactoryFailsAtJobBuild() {
        Camera camera = new Camera();
        SerializableSupplier<Pipeline<Long, Long>> pipeline = () -> camera.frames.isEmpty() ? null : fine();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FlinkRunner.create().source(pipeline, List.of(NamedSource.of("cam", Reference.source(1, 3)))));
        assertTrue(e.getMessage().startsWith("the pipeline factory is not serializable"), e.getMessage());
    }

    @Test
    void repeatedOrMissingSourcesFailAtJobBuild() {
        List<NamedSource<Long>> twice = List.of(NamedSource.of("cam", Reference.source(1, 3)), NamedSource.of("cam", Reference.source(2, 3)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FlinkRunner.create().source(JobBuildTest::fine, twice));
        assertTrue(e.getMessage().contains("two sources are named 'cam'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FlinkRunner.create().source(JobBuildTest::fine, List.of()));
        assertThrows(IllegalArgumentException.class, () -> NamedSource.of(" ", Reference.source(1, 3)));
    }

    @Test
    void theResultSerializerRoundTripsEveryKindWithoutKryo() throws Exception {
        TypeSerializer<FrameResult<String>> serializer = FrameResultTypeInfo.of(Types.STRING).createSerializer(new SerializerConfigImpl());
        List<FrameResult<String>> records = List.of(new FrameResult<>("cam", 0, Outcome.Kind.RESULT, "person at 3,4", null),
                new FrameResult<>("cam", 1, Outcome.Kind.NO_RESULT, null, null),
                new FrameResult<>("cam", 2, Outcome.Kind.FAILED, null, "stage 'x' (replica 0) failed on frame 2: boom"),
                new FrameResult<>("door", 9, Outcome.Kind.DROPPED, null, null));
        DataOutputSerializer out = new DataOutputSerializer(256);
        for (FrameResult<String> r : records) {
            serializer.serialize(r, out);
        }
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        for (FrameResult<String> r : records) {
            assertEquals(r, serializer.deserialize(in));
        }
        assertEquals(serializer, serializer.snapshotConfiguration().restoreSerializer());
    }
}
