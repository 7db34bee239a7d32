package dev.stagegraph;

import dev.stagegraph.spi.StageInstance;
import java.util.function.Function;
import java.util.function.Supplier;

/** Adapts the stage shapes to {@link StageInstance}. */
final class Adapters {
    private Adapters() {}

    static <T> T create(String stage, Supplier<? extends T> factory) {
        T instance = factory.get();
        if (instance == null) {
            throw new IllegalStateException("the factory of stage '" + stage + "' returned null: it must return a new instance");
        }
        return instance;
    }

    /** A one-input {@link Stage}. */
    @SuppressWarnings("unchecked")
    static StageInstance single(Stage<?, ?> s) {
        Stage<Object, ?> stage = (Stage<Object, ?>) s;
        return new Base(stage::open, stage::endOfStream, stage::close) {
            @Override
            public Object process(Object[] in, FrameContext frame) throws Exception {
                return stage.process(in[0], frame);
            }
        };
    }

    /** A two-input {@link JoinStage}. */
    @SuppressWarnings("unchecked")
    static StageInstance join(JoinStage<?, ?, ?> s) {
        JoinStage<Object, Object, ?> stage = (JoinStage<Object, Object, ?>) s;
        return new Base(stage::open, stage::endOfStream, stage::close) {
            @Override
            public Object process(Object[] in, FrameContext frame) throws Exception {
                return stage.process(in[0], in[1], frame);
            }
        };
    }

    /** A three-input {@link Join3Stage}. */
    @SuppressWarnings("unchecked")
    static StageInstance join3(Join3Stage<?, ?, ?, ?> s) {
        Join3Stage<Object, Object, Object, ?> stage = (Join3Stage<Object, Object, Object, ?>) s;
        return new Base(stage::open, stage::endOfStream, stage::close) {
            @Override
            public Object process(Object[] in, FrameContext frame) throws Exception {
                return stage.process(in[0], in[1], in[2], frame);
            }
        };
    }

    /** A four-input {@link Join4Stage}. */
    @SuppressWarnings("unchecked")
    static StageInstance join4(Join4Stage<?, ?, ?, ?, ?> s) {
        Join4Stage<Object, Object, Object, Object, ?> stage = (Join4Stage<Object, Object, Object, Object, ?>) s;
        return new Base(stage::open, stage::endOfStream, stage::close) {
            @Override
            public Object process(Object[] in, FrameContext frame) throws Exception {
                return stage.process(in[0], in[1], in[2], in[3], frame);
            }
        };
    }

    /** An inline function: no open, no close. */
    @SuppressWarnings("unchecked")
    static StageInstance inline(Function<?, ?> f) {
        Function<Object, ?> fn = (Function<Object, ?>) f;
        return new Base(context -> {}, source -> {}, () -> {}) {
            @Override
            public Object process(Object[] in, FrameContext frame) {
                return fn.apply(in[0]);
            }
        };
    }

    /** A {@link BatchStage}; a single-frame call runs a batch of one through a view reused from call to call. */
    @SuppressWarnings("unchecked")
    static StageInstance batch(BatchStage<?, ?> stage) {
        return new Batched((BatchStage<Object, Object>) stage);
    }

    /** The batch shape, which is also its own one-frame {@link Batch}. */
    private static final class Batched extends Base implements dev.stagegraph.spi.BatchInstance, Batch<Object, Object> {
        private final BatchStage<Object, Object> stage;
        private Object input;
        private FrameContext frame;
        private Object result;
        private Throwable failure;
        private boolean done;

        Batched(BatchStage<Object, Object> stage) {
            super(stage::open, stage::endOfStream, stage::close);
            this.stage = stage;
        }

        @Override
        public void processBatch(Batch<Object, Object> batch) throws Exception {
            stage.process(batch);
        }

        @Override
        public Object process(Object[] in, FrameContext context) throws Exception {
            input = in[0];
            frame = context;
            result = null;
            failure = null;
            done = false;
            try {
                stage.process(this);
            } catch (Exception | Error e) {
                releaseQuietly(result, e);
                throw e;
            } finally {
                input = null;
                frame = null;
            }
            Throwable f = failure;
            failure = null;
            if (f instanceof Exception e) {
                throw e;
            }
            if (f instanceof Error e) {
                throw e;
            }
            if (f != null) {
                throw new Exception(f);
            }
            Object out = result;
            result = null;
            return out;
        }

        private static void releaseQuietly(Object value, Throwable into) {
            if (value instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    into.addSuppressed(e);
                }
            }
        }

        @Override
        public int size() {
            return 1;
        }

        @Override
        public Object input(int i) {
            java.util.Objects.checkIndex(i, 1);
            return input;
        }

        @Override
        public FrameContext context(int i) {
            java.util.Objects.checkIndex(i, 1);
            return frame;
        }

        @Override
        public void result(int i, Object value) {
            settle(i);
            result = value;
        }

        @Override
        public void fail(int i, Throwable cause) {
            java.util.Objects.requireNonNull(cause, "cause");
            settle(i);
            failure = cause;
        }

        private void settle(int i) {
            java.util.Objects.checkIndex(i, 1);
            if (done) {
                throw new IllegalStateException("frame " + i + " of the batch already has a result or a failure; set each frame once");
            }
            done = true;
        }
    }

    /** An n-input {@link MultiStage}; its {@link Inputs} view is reused from frame to frame. */
    static StageInstance multi(MultiStage<?> stage, Object owner, String name, int[] inputStages) {
        return new Multi(stage, owner, name, inputStages);
    }

    /** The lifecycle calls every shape forwards as they are. */
    private abstract static class Base implements StageInstance {
        private final Opener opener;
        private final Ender ender;
        private final Closer closer;

        Base(Opener opener, Ender ender, Closer closer) {
            this.opener = opener;
            this.ender = ender;
            this.closer = closer;
        }

        @Override
        public final void open(StageContext context) throws Exception {
            opener.open(context);
        }

        @Override
        public final void endOfStream(String source) throws Exception {
            ender.end(source);
        }

        @Override
        public final void close() throws Exception {
            closer.close();
        }
    }

    @FunctionalInterface
    private interface Opener {
        void open(StageContext context) throws Exception;
    }

    @FunctionalInterface
    private interface Ender {
        void end(String source) throws Exception;
    }

    @FunctionalInterface
    private interface Closer {
        void close() throws Exception;
    }

    /** The n-input shape, which is also its own reusable {@link Inputs} view. */
    private static final class Multi extends Base implements Inputs {
        private final MultiStage<?> stage;
        private final Object owner;
        private final String name;
        private final int[] inputStages;
        private Object[] current;

        Multi(MultiStage<?> stage, Object owner, String name, int[] inputStages) {
            super(stage::open, stage::endOfStream, stage::close);
            this.stage = stage;
            this.owner = owner;
            this.name = name;
            this.inputStages = inputStages;
        }

        @Override
        public Object process(Object[] inputs, FrameContext frame) throws Exception {
            current = inputs;
            try {
                return stage.process(this, frame);
            } finally {
                current = null;
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T get(Port<T> port) {
            Object[] values = current;
            if (values == null) {
                throw new IllegalStateException("stage '" + name + "' read its inputs outside process: they are valid only during the call");
            }
            for (int k = 0; k < inputStages.length && port.owner() == owner; k++) {
                if (inputStages[k] == port.stage()) {
                    return (T) values[k];
                }
            }
            throw new IllegalArgumentException("stage '" + name + "' does not read port '" + port.name()
                    + "': wire it in joinAll(...) to read it");
        }
    }
}
