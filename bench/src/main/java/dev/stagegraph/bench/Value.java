package dev.stagegraph.bench;

/**
 * A mutable {@code long} that carries a frame or a stage result through the runtime without boxing.
 *
 * <p>Not thread-safe by itself: the runtime's sequences order the write by one stage before the
 * reads by its consumers (see {@link Pool}).
 */
final class Value {
    long value;

    /**
     * A stage's results, reused every {@link NoopGraphs#MAX_RING} frames so that the stage allocates
     * nothing. Safe because the benchmarks run the runtime with at most {@link NoopGraphs#MAX_RING}
     * frames in flight: frame {@code n + MAX_RING} enters the ring only after the sink has delivered
     * frame {@code n}, so nobody reads the result of frame {@code n} when it is overwritten. Confined
     * to the stage instance that owns it.
     */
    static final class Pool {
        private final Value[] values = new Value[NoopGraphs.MAX_RING];

        Pool() {
            for (int i = 0; i < values.length; i++) {
                values[i] = new Value();
            }
        }

        /** Stores {@code result} as the result of {@code frame} and returns its holder. */
        Value put(long frame, long result) {
            Value out = values[(int) frame & (NoopGraphs.MAX_RING - 1)];
            out.value = result;
            return out;
        }
    }
}
