package dev.stagegraph;

import java.util.function.Supplier;

/** Adapts the three stage shapes to {@link StageInstance}. */
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
    static final class Single implements StageInstance {
        private final Stage<Object, ?> stage;

        @SuppressWarnings("unchecked")
        Single(Stage<?, ?> stage) {
            this.stage = (Stage<Object, ?>) stage;
        }

        @Override
        public void open(StageContext context) throws Exception {
            stage.open(context);
        }

        @Override
        public Object process(Object[] inputs, long frame) throws Exception {
            return stage.process(inputs[0], frame);
        }

        @Override
        public void close() throws Exception {
            stage.close();
        }
    }

    /** A two-input {@link JoinStage}. */
    static final class Join implements StageInstance {
        private final JoinStage<Object, Object, ?> stage;

        @SuppressWarnings("unchecked")
        Join(JoinStage<?, ?, ?> stage) {
            this.stage = (JoinStage<Object, Object, ?>) stage;
        }

        @Override
        public void open(StageContext context) throws Exception {
            stage.open(context);
        }

        @Override
        public Object process(Object[] inputs, long frame) throws Exception {
            return stage.process(inputs[0], inputs[1], frame);
        }

        @Override
        public void close() throws Exception {
            stage.close();
        }
    }

    /** An n-input {@link MultiStage}; its {@link Inputs} view is reused from frame to frame. */
    static final class Multi implements StageInstance, Inputs {
        private final MultiStage<?> stage;
        private final Object owner;
        private final String name;
        private final int[] inputStages;
        private Object[] current;

        Multi(MultiStage<?> stage, Object owner, String name, int[] inputStages) {
            this.stage = stage;
            this.owner = owner;
            this.name = name;
            this.inputStages = inputStages;
        }

        @Override
        public void open(StageContext context) throws Exception {
            stage.open(context);
        }

        @Override
        public Object process(Object[] inputs, long frame) throws Exception {
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

        @Override
        public void close() throws Exception {
            stage.close();
        }
    }
}
