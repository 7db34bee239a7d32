package dev.stagegraph;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A typed run parameter: a key that a run binds to a value when it starts (a calibration, a model
 * path, a threshold) and that stages read in {@code open} through {@link StageContext#param}, so
 * one {@link Pipeline} runs with different settings. Declare keys as constants; two keys are equal
 * when their names are.
 *
 * <pre>{@code
 * static final Param<Path> MODEL = Param.of("model", Path.class);
 * static final Param<Double> THRESHOLD = Param.of("threshold", Double.class, 0.5);
 * ...
 * runner.start(pipeline, source, sink, Map.of(MODEL, Path.of("yolox_nano.onnx")));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param <T> the value's type
 */
public final class Param<T> {
    private final String name;
    private final Class<T> type;
    private final T defaultValue;

    private Param(String name, Class<T> type, T defaultValue) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a run parameter needs a non-blank name, was " + (name == null ? "null" : "'" + name + "'"));
        }
        this.name = name;
        this.type = Objects.requireNonNull(type, "type");
        this.defaultValue = defaultValue;
    }

    /**
     * A required parameter: a run that does not bind it fails when a stage reads it in {@code open}.
     *
     * @param name the key's name, unique among the pipeline's parameters
     * @param type the value's class
     * @param <T> the value's type
     * @return the key
     * @throws IllegalArgumentException if the name is blank
     */
    public static <T> Param<T> of(String name, Class<T> type) {
        return new Param<>(name, type, null);
    }

    /**
     * A parameter with a default, used when a run binds no value.
     *
     * @param name the key's name
     * @param type the value's class
     * @param defaultValue the value when none is bound, not {@code null}
     * @param <T> the value's type
     * @return the key
     * @throws IllegalArgumentException if the name is blank or the default is not of {@code type}
     */
    public static <T> Param<T> of(String name, Class<T> type, T defaultValue) {
        Objects.requireNonNull(defaultValue, "defaultValue");
        if (!type.isInstance(defaultValue)) {
            throw new IllegalArgumentException("run parameter '" + name + "': its default " + defaultValue + " is not a " + type.getName());
        }
        return new Param<>(name, type, defaultValue);
    }

    /**
     * The key's name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The value's class.
     *
     * @return the class
     */
    public Class<T> type() {
        return type;
    }

    /**
     * The value used when a run binds none.
     *
     * @return the default, or empty for a required parameter
     */
    public Optional<T> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    /**
     * Checks a run's bindings before anything starts: every value is present and of its key's type.
     *
     * @param params the bindings
     * @return an immutable copy
     * @throws IllegalArgumentException naming the key, the expected type and the value, for the first bad binding
     * @throws NullPointerException if {@code params} is {@code null}
     */
    public static Map<Param<?>, Object> check(Map<Param<?>, ?> params) {
        Objects.requireNonNull(params, "params: pass Map.of() for a run without parameters");
        for (Map.Entry<Param<?>, ?> e : params.entrySet()) {
            Param<?> key = Objects.requireNonNull(e.getKey(), "a run parameter key is null");
            Object value = e.getValue();
            if (value == null || !key.type.isInstance(value)) {
                throw new IllegalArgumentException("run parameter '" + key.name + "' must be a " + key.type.getName() + ", was "
                        + (value == null ? "null" : value.getClass().getName() + " " + value) + "; bind a value of the key's type");
            }
        }
        return Map.copyOf(params);
    }

    /**
     * Reads this key from checked bindings, for runners that implement {@link StageContext#param}.
     *
     * @param params bindings returned by {@link #check}
     * @param stage the reading stage's name, for the error
     * @return the bound value or the default
     * @throws IllegalStateException if neither exists, naming the stage and the key
     */
    public T from(Map<Param<?>, Object> params, String stage) {
        Object value = params.get(this);
        if (value != null) {
            return type.cast(value);
        }
        if (defaultValue != null) {
            return defaultValue;
        }
        throw new IllegalStateException("stage '" + stage + "' needs run parameter '" + name + "' (" + type.getSimpleName()
                + "), which this run does not bind: bind it in the run's parameters, "
                + "Runner.start(pipeline, source, sink, Map.of(key, value)), or give the key a default");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Param<?> p && p.name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return "Param[" + name + ": " + type.getSimpleName() + "]";
    }
}
