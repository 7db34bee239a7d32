package dev.stagegraph;

import dev.stagegraph.report.StageTimeoutException;
import java.time.Duration;

/**
 * How a stage runs: how many instances, and what happens when it throws. Immutable; each setter
 * returns a new value, so a shared {@code StageOptions} can be reused.
 *
 * <pre>{@code
 * StageOptions.defaults().replicas(3).errorPolicy(ErrorPolicy.skipFrame())
 * }</pre>
 */
public final class StageOptions {
    private static final StageOptions DEFAULTS = new StageOptions(1, null, null, false, false, 1, 0, 1, Duration.ZERO, false);

    private final int replicas;
    private final ErrorPolicy errorPolicy;
    private final Duration timeLimit;
    private final boolean ordered;
    private final boolean perSource;

    private final int every;
    private final double maxRate;
    private final int maxBatch;
    private final Duration maxDelay;
    private final boolean reuseLast;

    private StageOptions(int replicas, ErrorPolicy errorPolicy, Duration timeLimit, boolean ordered, boolean perSource, int every,
            double maxRate, int maxBatch, Duration maxDelay, boolean reuseLast) {
        this.maxBatch = maxBatch;
        this.maxDelay = maxDelay;
        this.reuseLast = reuseLast;
        this.perSource = perSource;
        this.every = every;
        this.maxRate = maxRate;
        this.replicas = replicas;
        this.errorPolicy = errorPolicy;
        this.timeLimit = timeLimit;
        this.ordered = ordered;
    }

    /**
     * One instance, and the pipeline's default error policy.
     *
     * @return the default options
     */
    public static StageOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Runs {@code count} instances of the stage, each made by the stage's factory, opened once and
     * single-threaded. Frames are spread over them by frame number and their results are put back in
     * frame order before any consumer sees them. Keep stages whose state needs every frame at 1.
     *
     * @param count how many instances, at least 1
     * @return options with that replica count
     * @throws IllegalArgumentException if {@code count < 1}
     */
    public StageOptions replicas(int count) {
        if (count < 1) {
            throw new IllegalArgumentException(
                    "replicas must be at least 1, was " + count + ": use 1 for a stage that needs every frame in order");
        }
        return new StageOptions(count, errorPolicy, timeLimit, ordered, perSource, every, maxRate, maxBatch, maxDelay, reuseLast);
    }

    /**
     * Sets what happens when the stage's {@code process} throws.
     *
     * @param policy the policy; {@code null} means the pipeline's default
     * @return options with that policy
     */
    public StageOptions errorPolicy(ErrorPolicy policy) {
        return new StageOptions(replicas, policy, timeLimit, ordered, perSource, every, maxRate, maxBatch, maxDelay, reuseLast);
    }

    /**
     * Limits how long one {@code process} call may take. A call that runs longer is reported (the
     * stage, the replica, the frame, how long, and the thread's stack) and its frame fails with a
     * {@link StageTimeoutException}: under fail-fast the run stops; otherwise the thread is
     * interrupted and the stage's policy applies when the call returns. Off by default.
     *
     * @param limit a positive duration, or {@code null} for no limit
     * @return options with that limit
     * @throws IllegalArgumentException if {@code limit} is zero or negative
     */
    public StageOptions timeLimit(Duration limit) {
        if (limit != null && (limit.isNegative() || limit.isZero())) {
            throw new IllegalArgumentException("a time limit must be positive, was " + limit + "; pass null for no limit");
        }
        return new StageOptions(replicas, errorPolicy, limit, ordered, perSource, every, maxRate, maxBatch, maxDelay, reuseLast);
    }

    /**
     * How many instances of the stage run.
     *
     * @return the replica count, at least 1
     */
    public int replicas() {
        return replicas;
    }

    /**
     * Declares that the stage keeps state that needs every frame, in order (a tracker, a background
     * model): the pipeline then refuses more than one replica, and the report's advice never
     * suggests replicating it.
     *
     * @return options that mark the stage ordered
     */
    public StageOptions ordered() {
        return new StageOptions(replicas, errorPolicy, timeLimit, true, perSource, every, maxRate, maxBatch, maxDelay, reuseLast);
    }

    /**
     * Gives the stage one instance per source of the run (a background model, a tracker per
     * camera): each is made by the factory, opened once, fed only its own source's frames, in that
     * source's order, and told only of its own source's end; the instances run at the same time, so
     * an ordered stage is not a one-thread bottleneck when there are several cameras. The
     * instance's {@link StageContext#replica()} is its source's position in the run's list of
     * sources and {@link StageContext#replicas()} their number. With one source it is one instance.
     * It can't be combined with {@link #replicas(int)} above 1.
     *
     * @return options that give the stage one instance per source
     */
    public StageOptions perSource() {
        return new StageOptions(replicas, errorPolicy, timeLimit, ordered, true, every, maxRate, maxBatch, maxDelay, reuseLast);
    }

    /**
     * Runs the stage only on every {@code n}th frame of each source: frames whose number (within
     * their source) is a multiple of {@code n}. The other frames are "no result" for this stage
     * (dependants skip them, the sink gets {@code NO_RESULT} if it is on the result's path); they
     * are counted as {@code skipped} in the stage's report, apart from failures. Deterministic: both
     * runners skip the same frames.
     *
     * @param n at least 1; 1 runs every frame
     * @return options with that sampling
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public StageOptions everyNth(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("everyNth must be at least 1 (1 runs every frame), was " + n);
        }
        return new StageOptions(replicas, errorPolicy, timeLimit, ordered, perSource, n, maxRate, maxBatch, maxDelay, reuseLast);
    }

    /**
     * Runs the stage at most {@code perSecond} times a second per source, by the frames' capture
     * times ({@link FrameContext#timestampNanos()}), not by the clock, so it is deterministic: a
     * frame runs if it is the first frame of its source in its window of {@code 1 / perSecond}
     * seconds of capture time (windows counted from capture time 0), and is skipped otherwise, as
     * for {@link #everyNth}. Combined with {@code everyNth}, a frame runs only if both allow it.
     *
     * @param perSecond a positive rate; 0 removes the limit
     * @return options with that limit
     * @throws IllegalArgumentException if {@code perSecond} is negative or not finite
     */
    public StageOptions maxRate(double perSecond) {
        if (!(perSecond >= 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("maxRate must be a positive number of runs per second (0 for no limit), was " + perSecond);
        }
        return new StageOptions(replicas, errorPolicy, timeLimit, ordered, perSource, every, perSecond, maxBatch, maxDelay, reuseLast);
    }

    /** The largest {@link #maxBatch(int)} accepted. */
    public static final int MAX_BATCH_LIMIT = 1024;

    /**
     * For a {@link BatchStage} (declared with {@link PipelineBuilder#batch}): hand it up to
     * {@code n} ready frames per call. The runtime never waits longer than {@link #maxDelay} for a
     * batch to fill; 1 calls it with one frame at a time. Other stage shapes refuse a value above 1.
     *
     * @param n from 1 to {@value #MAX_BATCH_LIMIT}
     * @return options with that batch size
     * @throws IllegalArgumentException if {@code n} is out of range
     */
    public StageOptions maxBatch(int n) {
        if (n < 1 || n > MAX_BATCH_LIMIT) {
            throw new IllegalArgumentException("maxBatch must be from 1 to " + MAX_BATCH_LIMIT + " frames, was " + n
                    + ": use 1 for one frame per call, and the batch size the model is fastest at otherwise");
        }
        return new StageOptions(replicas, errorPolicy, timeLimit, ordered, perSource, every, maxRate, n, maxDelay, reuseLast);
    }

    /**
     * For a {@link BatchStage}: how long a batch that has its first frame may wait for more before
     * the stage is called with what it has. Zero (the default) takes the frames that are ready and
     * never waits. The wait adds latency to the batch's first frames (reported as the stage's batch
     * wait); at the end of a stream, and when the run stops, a batch does not wait.
     *
     * @param delay zero or positive, at most 10 seconds
     * @return options with that delay
     * @throws IllegalArgumentException if {@code delay} is {@code null}, negative or above 10 seconds
     */
    public StageOptions maxDelay(Duration delay) {
        if (delay == null || delay.isNegative() || delay.compareTo(Duration.ofSeconds(10)) > 0) {
            throw new IllegalArgumentException("maxDelay must be from 0 (never wait) to 10 s, was " + delay
                    + ": it bounds the latency batching adds, typically a few milliseconds");
        }
        return new StageOptions(replicas, errorPolicy, timeLimit, ordered, perSource, every, maxRate, maxBatch, delay, reuseLast);
    }

    /**
     * For a sampled stage ({@link #everyNth}, {@link #maxRate}): a frame the sampling skips gets the
     * stage's last result for the same source (the result of the latest frame of that source the
     * sampling selected) instead of "no result". A skipped frame still counts as {@code skipped}, not
     * as a call. If the selected frame had no result (its input was missing, or the stage returned
     * {@code null} or failed), the frames that follow it get no result until the next selected
     * frame. Ownership: a reused value that needs releasing ({@link AutoCloseable}, or a declared
     * {@link PipelineBuilder#release release}) is shared by several frames, so the runtime releases
     * it exactly once, after the last frame that carries it is done and a newer result has replaced
     * it (or at the end of the run); readers must treat it as read-only, as any input. A stage that
     * is not sampled, or has more than one replica, refuses this option (use {@link #perSource()}:
     * a skipped frame must reach the instance that ran its source's last selected frame).
     *
     * @return options that reuse the last result on skipped frames
     */
    public StageOptions reuseLastResult() {
        return new StageOptions(replicas, errorPolicy, timeLimit, ordered, perSource, every, maxRate, maxBatch, maxDelay, true);
    }

    /**
     * The batch size; see {@link #maxBatch(int)}.
     *
     * @return at most this many frames per call of a batch stage, 1 by default
     */
    public int maxBatchSize() {
        return maxBatch;
    }

    /**
     * The longest wait for a batch to fill; see {@link #maxDelay(Duration)}.
     *
     * @return the delay, {@link Duration#ZERO} by default
     */
    public Duration maxBatchDelay() {
        return maxDelay;
    }

    /**
     * Whether skipped frames reuse the last result; see {@link #reuseLastResult()}.
     *
     * @return {@code true} if set
     */
    public boolean reusesLastResult() {
        return reuseLast;
    }

    /**
     * The sampling step; see {@link #everyNth(int)}.
     *
     * @return {@code n}, 1 when every frame runs
     */
    public int sampleEvery() {
        return every;
    }

    /**
     * The rate limit per source; see {@link #maxRate(double)}.
     *
     * @return runs per second, 0 for none
     */
    public double maxRatePerSecond() {
        return maxRate;
    }

    /**
     * Whether the stage has one instance per source.
     *
     * @return {@code true} if declared {@link #perSource()}
     */
    public boolean isPerSource() {
        return perSource;
    }

    /**
     * Whether the stage needs every frame in order.
     *
     * @return {@code true} if declared {@link #ordered()}
     */
    public boolean isOrdered() {
        return ordered;
    }

    /**
     * The limit on one {@code process} call.
     *
     * @return the limit, or {@code null} for none
     */
    public Duration timeLimit() {
        return timeLimit;
    }

    /**
     * The stage's own error policy.
     *
     * @return the policy, or {@code null} when the pipeline's default applies
     */
    public ErrorPolicy errorPolicy() {
        return errorPolicy;
    }
}
