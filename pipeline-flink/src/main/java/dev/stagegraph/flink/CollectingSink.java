package dev.stagegraph.flink;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A Flink {@link Sink} that keeps every record it receives in memory, for tests and small jobs on a
 * local mini cluster (the writers must run in the JVM that made the sink; on a real cluster use a
 * file, Kafka or your own sink). Each writer appends in arrival order, so records of one source stay
 * in frame order; after a restart the records emitted again are appended again (the emitted stream
 * is at-least-once, see {@link FlinkRunner}). Thread-safe.
 *
 * @param <R> the result type
 */
public final class CollectingSink<R> implements Sink<FrameResult<R>>, AutoCloseable {
    private static final long serialVersionUID = 1L;
    private static final Map<String, List<FrameResult<?>>> RECEIVED = new ConcurrentHashMap<>();

    private final String id = UUID.randomUUID().toString();

    /** Makes an empty sink; {@link #close} it to drop what it kept. */
    public CollectingSink() {
        RECEIVED.put(id, new ArrayList<>());
    }

    /**
     * What the sink's writers received so far, in arrival order (interleaved across writers).
     *
     * @return a copy
     */
    @SuppressWarnings("unchecked")
    public List<FrameResult<R>> results() {
        List<FrameResult<?>> list = received(id);
        synchronized (list) {
            List<FrameResult<R>> copy = new ArrayList<>(list.size());
            for (FrameResult<?> r : list) {
                copy.add((FrameResult<R>) r);
            }
            return copy;
        }
    }

    private static List<FrameResult<?>> received(String id) {
        List<FrameResult<?>> list = RECEIVED.get(id);
        if (list == null) {
            throw new IllegalStateException("this CollectingSink was closed, or its writer runs in another JVM than the one that made it:"
                    + " it only works on a local mini cluster");
        }
        return list;
    }

    @Override
    public SinkWriter<FrameResult<R>> createWriter(WriterInitContext context) {
        List<FrameResult<?>> list = received(id);
        return new SinkWriter<>() {
            @Override
            public void write(FrameResult<R> element, Context ctx) {
                synchronized (list) {
                    list.add(element);
                }
            }

            @Override
            public void flush(boolean endOfInput) {
            }

            @Override
            public void close() {
            }
        };
    }

    /** Drops what the sink kept. */
    @Override
    public void close() {
        RECEIVED.remove(id);
    }
}
