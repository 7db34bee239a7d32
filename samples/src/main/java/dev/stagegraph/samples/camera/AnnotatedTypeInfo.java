package dev.stagegraph.samples.camera;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Flink's type information for the camera pipeline's {@link Annotated} result, registered when the
 * job is built ({@code FlinkRunner.stream(env, pipeline, sources, new AnnotatedTypeInfo())}) so that
 * results cross Flink's network through {@link AnnotatedSerializer} and never fall back to Kryo.
 * Immutable and serializable.
 */
final class AnnotatedTypeInfo extends TypeInformation<Annotated> {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<Annotated> getTypeClass() {
        return Annotated.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<Annotated> createSerializer(SerializerConfig config) {
        return new AnnotatedSerializer();
    }

    @Override
    public String toString() {
        return "Annotated";
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof AnnotatedTypeInfo;
    }

    @Override
    public int hashCode() {
        return AnnotatedTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object obj) {
        return obj instanceof AnnotatedTypeInfo;
    }
}
