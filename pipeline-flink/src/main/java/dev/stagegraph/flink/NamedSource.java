package dev.stagegraph.flink;

import dev.stagegraph.Param;
import dev.stagegraph.source.FrameSource;
import java.io.Serializable;
import java.util.Map;
import java.util.Objects;

/**
 * One source of a Flink run (a camera, a file) by name, with the factory that opens it on the task
 * manager that owns it. Each becomes one Flink split: Flink spreads the splits over the parallel
 * readers and hands a failed reader's splits to its restarted attempt. The name is the frames'
 * {@link dev.stagegraph.FrameContext#source()}, the results' {@link FrameResult#source()} and the
 * sources' metric group; it must be unique in a run. Immutable and serializable.
 *
 * @param <S> the frame type
 */
public final class NamedSource<S> implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final SerializableSupplier<? extends FrameSource<S>> factory;
    private final SerializableSupplier<? extends Map<Param<?>, ?>> params;

    private NamedSource(String name, SerializableSupplier<? extends FrameSource<S>> factory,
            SerializableSupplier<? extends Map<Param<?>, ?>> params) {
        this.name = name;
        this.factory = factory;
        this.params = params;
    }

    /**
     * Names a source factory. The factory is called once per (re)start of the source's split, on a
     * task manager thread, and must return a new, unopened source each time: a replayable source (a
     * file) that starts from its first frame again, so that a restart can skip what was emitted.
     *
     * @param name the source's name, not blank
     * @param factory makes the source; must be serializable (see {@link SerializableSupplier})
     * @param <S> the frame type
     * @return the named source
     * @throws IllegalArgumentException if the name is blank
     */
    public static <S> NamedSource<S> of(String name, SerializableSupplier<? extends FrameSource<S>> factory) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(factory, "factory");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a source's name must not be blank: it keys the source's results, state and metrics");
        }
        return new NamedSource<>(name, factory, Map::of);
    }

    /**
     * This source with its own run parameters (a camera's calibration), bound over the runner's
     * ({@link FlinkRunner.Builder#params}) for this source's run only: a key bound in both takes
     * this source's value. Made on the task manager ({@link Param} keys are not serializable).
     *
     * @param bindings makes this source's bindings; must be serializable
     * @return a new named source; this one is unchanged
     */
    public NamedSource<S> withParams(SerializableSupplier<? extends Map<Param<?>, ?>> bindings) {
        return new NamedSource<>(name, factory, Objects.requireNonNull(bindings, "bindings"));
    }

    /**
     * The source's name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The factory that opens the source.
     *
     * @return the factory
     */
    public SerializableSupplier<? extends FrameSource<S>> factory() {
        return factory;
    }

    /**
     * This source's own run parameters.
     *
     * @return the factory of its bindings; {@code Map::of} unless {@link #withParams} was used
     */
    public SerializableSupplier<? extends Map<Param<?>, ?>> params() {
        return params;
    }

    @Override
    public String toString() {
        return "NamedSource[" + name + "]";
    }
}
