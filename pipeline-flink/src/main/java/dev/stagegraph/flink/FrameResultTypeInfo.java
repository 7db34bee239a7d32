package dev.stagegraph.flink;

import java.util.Objects;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Flink's type information for {@link FrameResult}: its serializer writes the source name, frame
 * number, kind and failure itself and the value with the serializer of the value's own type
 * information, so no record falls back to Kryo. Register the value type once, when building the job:
 * {@code Types.STRING}, {@code Types.LONG}, {@code Types.POJO(MyResult.class)} (a Flink POJO), or your
 * own {@link TypeInformation} for anything else (an OpenCV {@code Mat} result would be written as its
 * bytes by such a serializer). Immutable and serializable.
 *
 * @param <R> the result type
 */
public final class FrameResultTypeInfo<R> extends TypeInformation<FrameResult<R>> {
    private static final long serialVersionUID = 1L;

    private final TypeInformation<R> valueType;

    private FrameResultTypeInfo(TypeInformation<R> valueType) {
        this.valueType = valueType;
    }

    /**
     * The type information of records whose values have {@code valueType}.
     *
     * @param valueType the result value's type information
     * @param <R> the result type
     * @return the type information
     */
    public static <R> FrameResultTypeInfo<R> of(TypeInformation<R> valueType) {
        return new FrameResultTypeInfo<>(Objects.requireNonNull(valueType, "valueType"));
    }

    /**
     * The value's type information.
     *
     * @return the type information given to {@link #of}
     */
    public TypeInformation<R> valueType() {
        return valueType;
    }

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
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Class<FrameResult<R>> getTypeClass() {
        return (Class<FrameResult<R>>) (Class) FrameResult.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<FrameResult<R>> createSerializer(SerializerConfig config) {
        return new FrameResultSerializer<>(valueType.createSerializer(config));
    }

    @Override
    public String toString() {
        return "FrameResult<" + valueType + ">";
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof FrameResultTypeInfo<?> other && other.canEqual(this) && valueType.equals(other.valueType);
    }

    @Override
    public int hashCode() {
        return 31 * FrameResultTypeInfo.class.hashCode() + valueType.hashCode();
    }

    @Override
    public boolean canEqual(Object obj) {
        return obj instanceof FrameResultTypeInfo;
    }
}
