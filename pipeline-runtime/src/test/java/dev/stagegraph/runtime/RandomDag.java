package dev.stagegraph.runtime;

import dev.stagegraph.FrameContext;
import dev.stagegraph.Inputs;
import dev.stagegraph.MultiStage;
import dev.stagegraph.Pipeline;
import dev.stagegraph.PipelineBuilder;
import dev.stagegraph.Port;
import dev.stagegraph.Stage;
import dev.stagegraph.StageContext;
import dev.stagegraph.StageOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random stage graphs for differential tests: random depth, fan-out and fan-in, replica counts,
 * stages that sometimes have no result, and per-replica state, all deterministic for a seed. A
 * final collector reads every stage nobody else reads, so every stage leads to the sink.
 *
 * <p>Public only so that pipeline-flink's tests, which get this module's test classes as a test
 * jar, run the same graphs as the runtime's differential tests; everything else stays
 * package-private.
 */
public final class RandomDag {
    private RandomDag() {}

    static long mix(long h, long v) {
        h ^= v + 0x9E3779B97F4A7C15L + (h << 6) + (h >>> 2);
        h *= 0xBF58476D1CE4E5B9L;
        return h ^ (h >>> 31);
    }

    /** Hashes its inputs with the frame number and its running state; sometimes returns no result. */
    static final class HashStage implements MultiStage<Long> {
        private final List<Port<Long>> ports;
        private final long salt;
        private final int noResultOneIn;
        private final int spinOneIn;
        private final int failOneIn;
        private final boolean stateful;
        private long state;

        HashStage(List<Port<Long>> ports, long salt, int noResultOneIn, int spinOneIn, int failOneIn) {
            this(ports, salt, noResultOneIn, spinOneIn, failOneIn, true);
        }

        HashStage(List<Port<Long>> ports, long salt, int noResultOneIn, int spinOneIn, int failOneIn, boolean stateful) {
            this.stateful = stateful;
            this.ports = ports;
            this.salt = salt;
            this.noResultOneIn = noResultOneIn;
            this.spinOneIn = spinOneIn;
            this.failOneIn = failOneIn;
        }

        @Override
        public void open(StageContext context) {
            state = mix(salt, context.replica());
        }

        @Override
        public Long process(Inputs inputs, FrameContext ctx) {
            long frame = ctx.number();
            long h = mix(salt, frame);
            for (Port<Long> port : ports) {
                h = mix(h, inputs.get(port));
            }
            if (stateful) {
                state = mix(state, h);
            } else {
                h = mix(h, ctx.source().hashCode());
            }
            if (spinOneIn > 0 && Math.floorMod(h, spinOneIn) == 0) {
                long until = System.nanoTime() + 20_000;
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
            }
            if (failOneIn > 0 && Math.floorMod(h >>> 13, failOneIn) == 0) {
                throw new IllegalStateException("injected failure at frame " + frame);
            }
            if (noResultOneIn > 0 && Math.floorMod(h >>> 7, noResultOneIn) == 0) {
                return null;
            }
            return mix(h, state);
        }
    }

    /** The one-input shape, so graphs mix {@link Stage} with {@link MultiStage}. */
    static final class HashSingle implements Stage<Long, Long> {
        private final long salt;
        private final boolean stateful;
        private long state;

        HashSingle(long salt) {
            this(salt, true);
        }

        HashSingle(long salt, boolean stateful) {
            this.salt = salt;
            this.stateful = stateful;
        }

        @Override
        public Long process(Long input, FrameContext ctx) {
            long frame = ctx.number();
            long h = mix(salt ^ frame, input);
            if (!stateful) {
                return mix(h, ctx.source().hashCode());
            }
            state = mix(state, h);
            return state;
        }
    }

    /**
     * The batch shape: each frame's value is {@link HashSingle}'s, and about one frame in
     * {@code failOneIn} fails alone ({@code batch.fail(i)}) and one in {@code noResultOneIn} has no
     * result, chosen by hash; so a frame's outcome does not depend on its neighbours, and a mix-up
     * of positions inside a batch changes the results.
     */
    static final class HashBatch implements dev.stagegraph.BatchStage<Long, Long> {
        private final long salt;
        private final boolean stateful;
        private final int failOneIn;
        private final int noResultOneIn;
        private long state;

        HashBatch(long salt, boolean stateful, int failOneIn, int noResultOneIn) {
            this.salt = salt;
            this.stateful = stateful;
            this.failOneIn = failOneIn;
            this.noResultOneIn = noResultOneIn;
        }

        @Override
        public void process(dev.stagegraph.Batch<Long, Long> batch) {
            for (int i = 0; i < batch.size(); i++) {
                FrameContext ctx = batch.context(i);
                long h = mix(salt ^ ctx.number(), batch.input(i));
                h = stateful ? (state = mix(state, h)) : mix(h, ctx.source().hashCode());
                if (failOneIn > 0 && Math.floorMod(h >>> 11, failOneIn) == 0) {
                    batch.fail(i, new IllegalStateException("injected batch failure at frame " + ctx.number() + " of " + ctx.source()));
                } else if (noResultOneIn > 0 && Math.floorMod(h >>> 5, noResultOneIn) == 0) {
                    batch.result(i, null);
                } else {
                    batch.result(i, h);
                }
            }
        }
    }

    /** A batch stage on an optional input: an absent input counts as -1. */
    static final class OptionalBatch implements dev.stagegraph.BatchStage<java.util.Optional<Long>, Long> {
        private final HashBatch inner;

        OptionalBatch(HashBatch inner) {
            this.inner = inner;
        }

        @Override
        public void process(dev.stagegraph.Batch<java.util.Optional<Long>, Long> batch) {
            inner.process(new dev.stagegraph.Batch<Long, Long>() {
                @Override
                public int size() {
                    return batch.size();
                }

                @Override
                public Long input(int i) {
                    return batch.input(i).orElse(-1L);
                }

                @Override
                public FrameContext context(int i) {
                    return batch.context(i);
                }

                @Override
                public void result(int i, Long value) {
                    batch.result(i, value);
                }

                @Override
                public void fail(int i, Throwable cause) {
                    batch.fail(i, cause);
                }
            });
        }
    }

    static Pipeline<Long, Long> generate(long seed, boolean replicas) {
        return generate(seed, replicas, 0);
    }

    /**
     * A random graph whose stages, when {@code failOneIn > 0}, throw on about one frame in
     * {@code failOneIn} (chosen by hash, so every runner fails the same frames) and skip the frame.
     * Every stage keeps per-replica state, so a runner matches the sequential one only if each
     * replica sees its frames in order; each call builds new stage suppliers, so it is safe from any
     * thread.
     *
     * @param seed the graph's seed: the same seed gives the same graph
     * @param replicas whether stages get 1 to 3 replicas at random (otherwise one each)
     * @param failOneIn how rarely a stage throws (0: never)
     * @return a new pipeline over {@code Long} frames
     */
    public static Pipeline<Long, Long> generate(long seed, boolean replicas, int failOneIn) {
        return generate(seed, replicas, failOneIn, dev.stagegraph.ErrorPolicy.skipFrame());
    }

    /** As {@link #generate(long, boolean, int)}, the failing stages under {@code policy} (skip-frame or restart). */
    static Pipeline<Long, Long> generate(long seed, boolean replicas, int failOneIn, dev.stagegraph.ErrorPolicy policy) {
        return generate(seed, replicas, failOneIn, policy, true);
    }

    /**
     * As {@link #generate(long, boolean, int, dev.stagegraph.ErrorPolicy)}; with {@code stateful}
     * false no stage keeps state (a stage's value mixes in its frame's source name instead), so a
     * stage shared by several sources gives the same results whatever order their frames
     * interleave in.
     */
    static Pipeline<Long, Long> generate(long seed, boolean replicas, int failOneIn, dev.stagegraph.ErrorPolicy policy,
            boolean stateful) {
        return generate(seed, replicas, failOneIn, policy, stateful, false);
    }

    /**
     * As {@link #generate(long, boolean, int, dev.stagegraph.ErrorPolicy, boolean)} with
     * {@code stateful} false; with {@code perSourceMix} each stage is, at random, either per source
     * (one stateful instance per source, sometimes ordered) or shared (stateless, with replicas),
     * and the collector is per source and stateful, so parallel equals sequential per source only
     * if every per-source instance sees exactly its source's frames in order.
     */
    static Pipeline<Long, Long> generate(long seed, boolean replicas, int failOneIn, dev.stagegraph.ErrorPolicy policy,
            boolean stateful, boolean perSourceMix) {
        return generate(seed, replicas, failOneIn, policy, stateful, perSourceMix, false);
    }

    /**
     * As {@link #generate(long, boolean, int, dev.stagegraph.ErrorPolicy, boolean, boolean)}; with
     * {@code batches} about a third of the one-input stages are {@link HashBatch} stages with a
     * random {@code maxBatch} (1 to 8) and {@code maxDelay} (0 to 2 ms), some reading their input
     * optionally and some sampled every few frames (half of those with one instance reusing their
     * last result on the frames they skip).
     */
    static Pipeline<Long, Long> generate(long seed, boolean replicas, int failOneIn, dev.stagegraph.ErrorPolicy policy,
            boolean stateful, boolean perSourceMix, boolean batches) {
        SplittableRandom rnd = new SplittableRandom(seed);
        PipelineBuilder<Long> b = Pipeline.builder("dag-" + seed);
        if (failOneIn > 0) {
            b.defaultErrorPolicy(policy);
        }
        List<Port<Long>> ports = new ArrayList<>();
        List<Boolean> read = new ArrayList<>();
        ports.add(b.source());
        read.add(false);
        int stages = 1 + rnd.nextInt(12);
        for (int i = 0; i < stages; i++) {
            int fanIn = 1 + rnd.nextInt(Math.min(3, ports.size()));
            List<Port<Long>> inputs = new ArrayList<>();
            while (inputs.size() < fanIn) {
                int pick = rnd.nextInt(10) < 6 ? ports.size() - 1 - rnd.nextInt(Math.min(3, ports.size())) : rnd.nextInt(ports.size());
                Port<Long> port = ports.get(pick);
                if (!inputs.contains(port)) {
                    inputs.add(port);
                    read.set(pick, true);
                }
            }
            StageOptions options = StageOptions.defaults().replicas(replicas ? 1 + rnd.nextInt(3) : 1);
            boolean keeps = stateful;
            if (perSourceMix && rnd.nextBoolean()) {
                options = rnd.nextBoolean() ? StageOptions.defaults().perSource().ordered() : StageOptions.defaults().perSource();
                keeps = true;
            }
            boolean own = keeps;
            long salt = rnd.nextLong();
            int noResult = rnd.nextInt(4) == 0 ? 2 + rnd.nextInt(8) : 0;
            int spin = rnd.nextInt(3) == 0 ? 3 + rnd.nextInt(10) : 0;
            Port<Long> out;
            if (batches && inputs.size() == 1 && rnd.nextInt(3) == 0) {
                StageOptions batched = options.maxBatch(1 + rnd.nextInt(8)).maxDelay(java.time.Duration.ofNanos(1000L * rnd.nextInt(2000)));
                if (rnd.nextInt(4) == 0) {
                    batched = batched.everyNth(2 + rnd.nextInt(3));
                    if (batched.replicas() == 1 && rnd.nextBoolean()) {
                        batched = batched.reuseLastResult();
                    }
                }
                int batchFails = failOneIn > 0 ? failOneIn : rnd.nextInt(3) == 0 ? 3 + rnd.nextInt(10) : 0;
                if (batchFails > 0 && failOneIn == 0) {
                    batched = batched.errorPolicy(dev.stagegraph.ErrorPolicy.skipFrame());
                }
                if (rnd.nextInt(4) == 0) {
                    Port<java.util.Optional<Long>> in = inputs.get(0).optional();
                    out = b.batch("s" + i, in, () -> new OptionalBatch(new HashBatch(salt, own, batchFails, noResult)), batched);
                } else {
                    out = b.batch("s" + i, inputs.get(0), () -> new HashBatch(salt, own, batchFails, noResult), batched);
                }
            } else if (inputs.size() == 1 && rnd.nextBoolean()) {
                out = b.stage("s" + i, inputs.get(0), () -> new HashSingle(salt, own), options);
            } else {
                List<Port<Long>> in = List.copyOf(inputs);
                out = b.joinAll("s" + i, in, () -> new HashStage(in, salt, noResult, spin, failOneIn, own), options);
            }
            ports.add(out);
            read.add(false);
        }
        List<Port<Long>> leaves = new ArrayList<>();
        for (int i = 1; i < ports.size(); i++) {
            if (!read.get(i)) {
                leaves.add(ports.get(i));
            }
        }
        if (leaves.size() == 1) {
            return b.build(leaves.get(0));
        }
        long salt = rnd.nextLong();
        Port<Long> collector = perSourceMix
                ? b.joinAll("collector", leaves, () -> new HashStage(leaves, salt, 0, 0, 0, true), StageOptions.defaults().perSource())
                : b.joinAll("collector", leaves, () -> new HashStage(leaves, salt, 0, 0, 0, stateful));
        return b.build(collector);
    }
}
