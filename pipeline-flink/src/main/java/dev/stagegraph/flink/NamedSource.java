package dev.stagegraph.flink;

import dev.stagegraph.source.FrameSource;
import java.io.Serializable;
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

    private NamedSource(String name, SerializableSupplier<? extends FrameSource<S>> factory) {
        this.name = name;
        this.factory = factory;
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
        return new NamedSource<>(name, factory);
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

    @Override
    public String toString() {
        return "NamedSource[" + name + "]";
    }
}
