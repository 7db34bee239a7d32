package dev.stagegraph;

/**
 * The input values of one frame for a {@link MultiStage}. A view owned by the runtime, reused
 * between frames: valid only during the {@code process} call it was passed to.
 */
public interface Inputs {

    /**
     * Returns the value this frame carries on {@code port}.
     *
     * @param port one of the ports the stage was wired to read
     * @param <T> the port's type
     * @return the value, never {@code null}
     * @throws IllegalArgumentException if the stage does not read {@code port}
     */
    <T> T get(Port<T> port);
}
