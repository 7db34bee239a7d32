package dev.stagegraph.bench;

/**
 * The per-frame work of the no-op diamond: a few arithmetic operations per stage. Every competitor
 * calls exactly these functions, so what differs between them is how frames are moved between
 * stages, not the work.
 */
final class NoopWork {
    private NoopWork() {}

    /** The detector: one multiply and a shift. */
    static long detect(long frame) {
        return (frame * 0x9E3779B97F4A7C15L) >>> 7;
    }

    /** The size estimator: a mask, a multiply and an add. */
    static long size(long detected) {
        return (detected & 0xFFFF) * 3 + 1;
    }

    /** The classifier: a rotate and an exclusive or. */
    static long classify(long detected) {
        return Long.rotateLeft(detected, 13) ^ detected;
    }

    /** The aggregator: a multiply and an add. */
    static long aggregate(long size, long label) {
        return size * 31 + label;
    }

    /** One link of a chain or one branch of a fan: a multiply and an add. */
    static long step(long value) {
        return value * 31 + 7;
    }
}
