package dev.stagegraph.runtime;

import java.util.concurrent.atomic.AtomicLong;

/** A number unique to each run in this JVM, tagging its meters so two runs never share one. */
record RunId(long value) {
    private static final AtomicLong NEXT = new AtomicLong();

    static RunId next() {
        return new RunId(NEXT.incrementAndGet());
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
