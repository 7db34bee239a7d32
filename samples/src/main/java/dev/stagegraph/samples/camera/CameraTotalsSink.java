package dev.stagegraph.samples.camera;

import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A Flink {@link Sink} of the camera pipeline's results that keeps, per camera, what the summary
 * needs: frames delivered, frames failed, and the last frame's {@link Tally} (the aggregator's
 * running totals). Its writers must run in the JVM that made it, so it serves the command line's
 * local mini cluster only. Each camera's records reach one writer in frame order; a record whose
 * frame is not past the camera's last one is one a restart emitted again (the Flink runner is
 * at-least-once) and is not counted twice. Thread-safe.
 */
final class CameraTotalsSink implements Sink<dev.stagegraph.flink.FrameResult<Annotated>>, AutoCloseable {
    private static final long serialVersionUID = 1L;
    private static final Map<String, Map<String, Totals>> KEPT = new ConcurrentHashMap<>();

    private final String id = UUID.randomUUID().toString();

    /** One camera's totals so far. */
    static final class Totals {
        private long next;
        private long frames;
        private long failed;
        private Tally last;
        private boolean started;
        private long firstNanos;
        private long lastNanos;

        synchronized void add(dev.stagegraph.flink.FrameResult<Annotated> r) {
            if (r.frame() < next) {
                return;
            }
            lastNanos = System.nanoTime();
            if (!started) {
                started = true;
                firstNanos = lastNanos;
            }
            next = r.frame() + 1;
            switch (r.kind()) {
                case RESULT:
                    frames++;
                    last = r.value().result().tally();
                    break;
                case NO_RESULT:
                    frames++;
                    break;
                case FAILED:
                    failed++;
                    break;
                default:
                    break;
            }
        }

        /** Frames delivered with a result or with none. */
        synchronized long frames() {
            return frames;
        }

        /** Frames that failed. */
        synchronized long failed() {
            return failed;
        }

        /** Frames per second from the first frame's arrival to the last's, 0 before the second. */
        synchronized double fps() {
            long frames = frames() + failed();
            return frames < 2 || lastNanos == firstNanos ? 0 : (frames - 1) * 1e9 / (lastNanos - firstNanos);
        }

        /** When the first frame arrived ({@link System#nanoTime}), 0 before it. */
        synchronized long firstNanos() {
            return started ? firstNanos : 0;
        }

        /** When the last frame arrived ({@link System#nanoTime}), 0 before the first. */
        synchronized long lastNanos() {
            return started ? lastNanos : 0;
        }

        /** The last result's totals, or {@code null} before the first. */
        synchronized Tally last() {
            return last;
        }
    }

    /** Makes an empty sink; {@link #close} it to drop what it kept. */
    CameraTotalsSink() {
        KEPT.put(id, new ConcurrentHashMap<>());
    }

    /**
     * Each camera's totals so far.
     *
     * @return a copy of the map, by camera name
     */
    Map<String, Totals> totals() {
        return new TreeMap<>(kept());
    }

    private Map<String, Totals> kept() {
        Map<String, Totals> m = KEPT.get(id);
        if (m == null) {
            throw new IllegalStateException("this sink was closed, or its writer runs in another JVM than the one that made it:"
                    + " it works on a local mini cluster only");
        }
        return m;
    }

    @Override
    public SinkWriter<dev.stagegraph.flink.FrameResult<Annotated>> createWriter(WriterInitContext context) {
        Map<String, Totals> m = kept();
        return new SinkWriter<>() {
            @Override
            public void write(dev.stagegraph.flink.FrameResult<Annotated> element, Context ctx) {
                m.computeIfAbsent(element.source(), s -> new Totals()).add(element);
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
        KEPT.remove(id);
    }
}
