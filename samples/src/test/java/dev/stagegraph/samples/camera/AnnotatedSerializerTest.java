package dev.stagegraph.samples.camera;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class AnnotatedSerializerTest {
    private static Annotated roundTrip(Annotated a) throws IOException {
        AnnotatedSerializer serializer = (AnnotatedSerializer) new AnnotatedTypeInfo().createSerializer(null);
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(a, out);
        serializer.serialize(a, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        serializer.deserialize(in);
        Annotated back = serializer.deserialize(in);
        assertEquals(0, in.available(), "the second record ends where the buffer does");
        return back;
    }

    @Test
    void aResultShouldCrossAsItsFieldsWithItsOrderKept() throws IOException {
        Map<String, Integer> tracks = new LinkedHashMap<>();
        tracks.put("person", 3);
        tracks.put("car", 0);
        Map<String, Long> detections = new LinkedHashMap<>();
        detections.put("person", 41L);
        detections.put("car", 2L);
        FrameResult r = new FrameResult(17, List.of(
                new TrackedObject(4, true, new Box(1, 2, 30, 60), "person", 0.9, 0.5, 1.7, Double.NaN),
                new TrackedObject(5, false, new Box(100, 20, 3, 6), "object", Double.NaN, Double.NaN, Double.NaN, 0.2)),
                new Tally(tracks, detections, List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12)));
        Annotated back = roundTrip(new Annotated(r, null, new byte[] {1, 2, 3}));
        assertEquals(r, back.result());
        assertEquals(List.of("person", "car"), List.copyOf(back.result().tally().tracksPerClass().keySet()));
        assertArrayEquals(new byte[] {1, 2, 3}, back.jpeg());
        assertNull(back.image());
    }

    @Test
    void aResultWithoutJpegShouldCrossWithout() throws IOException {
        FrameResult r = new FrameResult(0, List.of(), new Tally(Map.of(), Map.of(), List.of()));
        Annotated back = roundTrip(new Annotated(r, null, null));
        assertEquals(r, back.result());
        assertNull(back.jpeg());
    }
}
