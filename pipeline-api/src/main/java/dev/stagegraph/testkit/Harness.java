package dev.stagegraph.testkit;

import dev.stagegraph.FrameContext;
import dev.stagegraph.Param;
import dev.stagegraph.spi.InstanceContext;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What both testers share: the lifecycle, frame numbering, the checks on contexts, results and
 * retained inputs, and the release of results. One thread.
 */
final class Harness {
    interface Call {
        Object run(Object[] inputs, FrameContext frame) throws Exception;
    }

    interface Life {
        void open(InstanceContext context) throws Exception;

        void endOfStream(String source) throws Exception;

        void close() throws Exception;
    }

    private final String stage;
    private final Life life;
    private final Call call;
    private final Map<Param<?>, Object> params = new HashMap<>();
    private final Map<Object, Long> results = new IdentityHashMap<>();
    private final List<WeakReference<Object>> inputs = new ArrayList<>();
    private Consumer<Object> release;
    private String source = "test";
    private int replica;
    private int replicas = 1;
    private boolean checkRetention;
    private long next;
    private long released;
    private State state = State.NEW;

    private enum State { NEW, OPEN, CLOSED }

    Harness(String stage, Life life, Call call) {
        this.stage = stage;
        this.life = life;
        this.call = call;
    }

    void param(Param<?> key, Object value) {
        requireNew("param");
        params.put(key, value);
    }

    void replica(int index, int count) {
        requireNew("replica");
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("replica " + index + " of " + count + " is not a valid instance");
        }
        replica = index;
        replicas = count;
    }

    void source(String name) {
        requireNew("source");
        source = name;
    }

    @SuppressWarnings("unchecked")
    void release(Consumer<?> fn) {
        requireNew("release");
        release = (Consumer<Object>) fn;
    }

    void checkRetention() {
        requireNew("checkRetention");
        checkRetention = true;
    }

    void open() throws Exception {
        requireNew("open");
        life.open(new InstanceContext("test", stage, replica, replicas, Param.check(params)));
        state = State.OPEN;
    }

    Object process(Object[] in, long timestampNanos) throws Exception {
        if (state != State.OPEN) {
            throw new IllegalStateException("call open() before process(...), and not after close()");
        }
        long number = next++;
        Borrowed frame = new Borrowed(number, source, timestampNanos);
        if (checkRetention) {
            for (Object o : in) {
                inputs.add(new WeakReference<>(o));
            }
        }
        Object out;
        try {
            out = call.run(in, frame);
        } finally {
            frame.valid = false;
        }
        if (out != null && (release != null || out instanceof AutoCloseable)) {
            Long earlier = results.putIfAbsent(out, number);
            if (earlier != null) {
                throw new AssertionError("stage '" + stage + "' returned the same object for frames " + earlier + " and " + number
                        + ": the runtime releases each result once the frame is done, so return a new value (or a copy) per frame");
            }
        }
        return out;
    }

    void endOfStream() throws Exception {
        if (state != State.OPEN) {
            throw new IllegalStateException("endOfStream() needs an open stage");
        }
        life.endOfStream(source);
    }

    void close() throws Exception {
        if (state == State.CLOSED) {
            return;
        }
        boolean wasOpen = state == State.OPEN;
        state = State.CLOSED;
        try {
            if (wasOpen) {
                life.close();
            }
        } finally {
            for (Object r : results.keySet()) {
                if (release != null) {
                    release.accept(r);
                } else {
                    ((AutoCloseable) r).close();
                }
                released++;
            }
            results.clear();
        }
        if (checkRetention) {
            assertNotRetained();
        }
    }

    void at(long number) {
        if (number < next) {
            throw new IllegalArgumentException("frame numbers only grow: the next frame is " + next + ", asked for " + number);
        }
        next = number;
    }

    long released() {
        return released;
    }

    long frames() {
        return next;
    }

    private void assertNotRetained() {
        for (int attempt = 0; attempt < 20 && inputs.stream().anyMatch(r -> r.get() != null); attempt++) {
            System.gc();
        }
        for (int k = 0; k < inputs.size(); k++) {
            Object kept = inputs.get(k).get();
            if (kept != null) {
                throw new AssertionError("stage '" + stage + "' still references an input it was given (" + kept.getClass().getName()
                        + ") after close: the runtime reuses and releases inputs after each frame, so copy what you keep"
                        + " (or the test itself still holds the input: pass inputs the test does not keep)");
            }
        }
    }

    private void requireNew(String what) {
        if (state != State.NEW) {
            throw new IllegalStateException(what + "(...) must be called before open()");
        }
    }

    /** A frame context that refuses to be read after its call returned. */
    private static final class Borrowed implements FrameContext {
        private final long number;
        private final String source;
        private final long timestamp;
        private final long taken = System.nanoTime();
        boolean valid = true;

        Borrowed(long number, String source, long timestamp) {
            this.number = number;
            this.source = source;
            this.timestamp = timestamp == Long.MIN_VALUE ? taken : timestamp;
        }

        private void check() {
            if (!valid) {
                throw new AssertionError("the FrameContext of frame " + number + " was read after its process call returned:"
                        + " the runtime reuses it, so copy() it or the values you need");
            }
        }

        @Override
        public long number() {
            check();
            return number;
        }

        @Override
        public String source() {
            check();
            return source;
        }

        @Override
        public long timestampNanos() {
            check();
            return timestamp;
        }

        @Override
        public long takenNanos() {
            check();
            return taken;
        }
    }
}
