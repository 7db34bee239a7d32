package dev.stagegraph.bench;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A Flink sink that counts records and notes when the first and the last arrived, for benchmarks on
 * a local mini cluster (its writers run in the JVM that made it). Thread-safe.
 *
 * @param <T> the record type
 */
final class TimingSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;
    private static final Map<String, AtomicLong[]> TIMES = new ConcurrentHashMap<>();

    private final String id = UUID.randomUUID().toString();

    TimingSink() {
        TIMES.put(id, new AtomicLong[] {new AtomicLong(), new AtomicLong(Long.MAX_VALUE), new AtomicLong(Long.MIN_VALUE)});
    }

    /** Records seen, first and last arrival (nanoTime). */
    long[] stats() {
        AtomicLong[] t = TIMES.get(id);
        return new long[] {t[0].get(), t[1].get(), t[2].get()};
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        AtomicLong[] t = TIMES.get(id);
        return new SinkWriter<>() {
            @Override
            public void write(T element, Context ctx) {
                long now = System.nanoTime();
                t[0].incrementAndGet();
                t[1].accumulateAndGet(now, Math::min);
                t[2].accumulateAndGet(now, Math::max);
            }

            @Override
            public void flush(boolean endOfInput) {
            }

            @Override
            public void close() {
            }
        };
    }
}
