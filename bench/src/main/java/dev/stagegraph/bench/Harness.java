package dev.stagegraph.bench;

import java.util.List;

/**
 * One competitor of the no-op benchmarks, started once and fed frames in batches, so that thread
 * start-up and JIT warm-up stay out of the measured batches. Every harness runs the same
 * {@link NoopWork} on the same frame numbers and returns the same checksum.
 *
 * <p>Driven by one thread at a time.
 */
interface Harness extends AutoCloseable {

    /**
     * Pushes {@code frames} more frames through and returns once the last one has been delivered.
     *
     * @param frames how many frames
     * @return the checksum of every result delivered so far, so that no work can be optimised away
     * @throws Exception if the competitor failed
     */
    long run(int frames) throws Exception;

    /**
     * The threads that do the work besides the caller's: for allocation and CPU accounting.
     *
     * @return the live threads, empty for a competitor that runs on the caller's thread
     */
    List<Thread> threads();

    /**
     * Stops the competitor and joins its threads.
     *
     * @throws IllegalStateException if the competitor failed, or the caller was interrupted while
     *     joining (its interrupt status is set again)
     */
    @Override
    void close();
}
