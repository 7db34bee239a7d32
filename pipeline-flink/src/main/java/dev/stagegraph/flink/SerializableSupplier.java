package dev.stagegraph.flink;

import java.io.Serializable;
import java.util.function.Supplier;

/**
 * A {@link Supplier} that Flink can ship to its task managers: a method reference to a static
 * factory ({@code MyPipeline::build}) or a lambda that captures only serializable values. The job is
 * built on the client; each task manager deserializes the supplier and calls it there, so what it
 * makes (a pipeline, a source, a runner) never crosses the network.
 *
 * @param <T> what it makes
 */
@FunctionalInterface
public interface SerializableSupplier<T> extends Supplier<T>, Serializable {
}
