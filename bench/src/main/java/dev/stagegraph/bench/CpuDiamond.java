package dev.stagegraph.bench;

import dev.stagegraph.FrameContext;
import dev.stagegraph.JoinStage;
import dev.stagegraph.Pipeline;
import dev.stagegraph.PipelineBuilder;
import dev.stagegraph.Port;
import dev.stagegraph.Stage;

/**
 * The diamond with CPU-bound stages: each burns a calibrated number of iterations of a xorshift
 * loop whose result feeds the next stage, so the JIT cannot drop the work. The target costs are
 * {@link #TARGET_MILLIS}; what counts for the bound is each stage's cost measured alone on this
 * machine ({@link #measureMillis}).
 */
final class CpuDiamond {
    static final String[] STAGES = {"detector", "size", "classifier", "aggregator"};
    static final double[] TARGET_MILLIS = {0.5, 1.0, 1.5, 0.5};

    /** Where the calibration loops leave their results, so that the JIT keeps the work. */
    static volatile long consumed;

    private final long[] iterations = new long[STAGES.length];

    private CpuDiamond(double nanosPerIteration) {
        for (int i = 0; i < STAGES.length; i++) {
            iterations[i] = Math.max(1, Math.round(TARGET_MILLIS[i] * 1e6 / nanosPerIteration));
        }
    }

    /** Times the loop on this thread and sizes each stage's work to its target cost. */
    static CpuDiamond calibrate() {
        long seed = 1;
        for (int i = 0; i < 20; i++) {
            seed += burn(200_000, seed);
        }
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 7; i++) {
            long t0 = System.nanoTime();
            seed += burn(1_000_000, seed);
            best = Math.min(best, System.nanoTime() - t0);
        }
        consumed = seed;
        return new CpuDiamond(best / 1e6);
    }

    /** {@code iterations} steps of a xorshift generator from {@code seed}. */
    static long burn(long iterations, long seed) {
        long x = seed | 1;
        for (long i = 0; i < iterations; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x;
    }

    /**
     * Each stage's cost alone, on this thread: the work is deterministic, so the fastest of
     * {@code blocks} blocks of {@code calls} calls is its cost, and slower blocks are time the
     * scheduler gave to other threads.
     */
    double[] measureMillis(int blocks, int calls) {
        double[] millis = new double[STAGES.length];
        long sink = 0;
        for (int i = 0; i < STAGES.length; i++) {
            for (int k = 0; k < 5; k++) {
                sink += burn(iterations[i], k);
            }
            long best = Long.MAX_VALUE;
            for (int b = 0; b < blocks; b++) {
                long t0 = System.nanoTime();
                for (int k = 0; k < calls; k++) {
                    sink += burn(iterations[i], k);
                }
                best = Math.min(best, System.nanoTime() - t0);
            }
            millis[i] = best / 1e6 / calls;
        }
        consumed = sink;
        return millis;
    }

    Pipeline<Long, Long> pipeline() {
        PipelineBuilder<Long> b = Pipeline.builder("cpu-diamond");
        Port<Long> detections = b.stage(STAGES[0], b.source(), () -> new Busy(iterations[0]));
        Port<Long> sizes = b.stage(STAGES[1], detections, () -> new Busy(iterations[1]));
        Port<Long> labels = b.stage(STAGES[2], detections, () -> new Busy(iterations[2]));
        return b.build(b.join(STAGES[3], sizes, labels, () -> new BusyJoin(iterations[3])));
    }

    /** Burns CPU seeded by its input. */
    static final class Busy implements Stage<Long, Long> {
        private final long iterations;

        Busy(long iterations) {
            this.iterations = iterations;
        }

        @Override
        public Long process(Long input, FrameContext ctx) {
            long frame = ctx.number();
            return burn(iterations, input);
        }
    }

    /** Burns CPU seeded by both inputs. */
    static final class BusyJoin implements JoinStage<Long, Long, Long> {
        private final long iterations;

        BusyJoin(long iterations) {
            this.iterations = iterations;
        }

        @Override
        public Long process(Long size, Long label, FrameContext ctx) {
            long frame = ctx.number();
            return burn(iterations, size ^ label);
        }
    }
}
