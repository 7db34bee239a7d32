package dev.stagegraph.testkit;

import dev.stagegraph.JoinStage;
import dev.stagegraph.Param;
import dev.stagegraph.Stage;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs one {@link Stage} by hand, the way the runtime calls it, for unit tests of a stage: give it
 * inputs (and capture times), get its outputs. Like MediaPipe's {@code CalculatorRunner}.
 *
 * <pre>{@code
 * try (StageTester<Frame, Detections> t = StageTester.of("detector", Detector::new).param(THRESHOLD, 0.4).open()) {
 *     Detections d = t.process(frame);
 * }
 * }</pre>
 *
 * <p>What it checks, as the runtime's rules say: {@code open} runs once before any frame and gets
 * the parameters given here (a missing required one fails {@code open}, naming the stage and the
 * key); frames are numbered from 0; the {@link dev.stagegraph.FrameContext} a call receives fails
 * the test if the stage reads it after the call returned; a result that holds native memory (an
 * {@link AutoCloseable}, or any type with a {@link #release} function) must be a new object each
 * frame, and every such result is released exactly once by {@link #close()}, as the runtime would;
 * with {@link #checkRetention()}, {@code close} fails if the stage still references an input it was
 * given. {@code close} closes the stage once.
 *
 * <p>Not thread-safe: one test thread, as the runtime's one thread per instance.
 *
 * @param <I> the stage's input type
 * @param <O> the stage's output type
 */
public final class StageTester<I, O> implements AutoCloseable {
    private final Harness harness;

    private StageTester(Harness harness) {
        this.harness = harness;
    }

    /**
     * A tester of one new instance of a one-input stage.
     *
     * @param name the stage's name, as a pipeline would give it
     * @param factory makes the instance
     * @param <I> the input type
     * @param <O> the output type
     * @return the tester, not opened yet
     */
    public static <I, O> StageTester<I, O> of(String name, Supplier<? extends Stage<I, O>> factory) {
        Stage<I, O> stage = factory.get();
        @SuppressWarnings("unchecked")
        Harness h = new Harness(name, lifeOf(stage::open, stage::endOfStream, stage::close),
                (in, frame) -> stage.process((I) in[0], frame));
        return new StageTester<>(h);
    }

    /**
     * A tester of one new instance of a two-input stage, whose inputs are given as pairs.
     *
     * @param name the stage's name
     * @param factory makes the instance
     * @param <A> the first input's type
     * @param <B> the second input's type
     * @param <O> the output type
     * @return the tester, not opened yet; its inputs are {@link Pair}s
     */
    public static <A, B, O> StageTester<Pair<A, B>, O> ofJoin(String name, Supplier<? extends JoinStage<A, B, O>> factory) {
        JoinStage<A, B, O> stage = factory.get();
        @SuppressWarnings("unchecked")
        Harness h = new Harness(name, lifeOf(stage::open, stage::endOfStream, stage::close),
                (in, frame) -> stage.process(((Pair<A, B>) in[0]).first(), ((Pair<A, B>) in[0]).second(), frame));
        return new StageTester<>(h);
    }

    /**
     * The two inputs of one frame of a two-input stage.
     *
     * @param first the first port's value
     * @param second the second port's value
     * @param <A> the first type
     * @param <B> the second type
     */
    public record Pair<A, B>(A first, B second) {}

    /**
     * Binds a run parameter that the stage reads in {@code open}.
     *
     * @param key the parameter
     * @param value its value
     * @param <T> its type
     * @return this tester
     * @throws IllegalStateException after {@link #open()}
     */
    public <T> StageTester<I, O> param(Param<T> key, T value) {
        harness.param(key, value);
        return this;
    }

    /**
     * Makes the instance replica {@code index} of {@code count}, as its context says at {@code open}.
     *
     * @param index the replica index
     * @param count the replica count
     * @return this tester
     */
    public StageTester<I, O> replica(int index, int count) {
        harness.replica(index, count);
        return this;
    }

    /**
     * Names the source the frames come from; {@code "test"} by default.
     *
     * @param name the source's name
     * @return this tester
     */
    public StageTester<I, O> source(String name) {
        harness.source(name);
        return this;
    }

    /**
     * Declares how results are released, as {@link dev.stagegraph.PipelineBuilder#release} would.
     *
     * @param release the release function
     * @return this tester
     */
    public StageTester<I, O> release(Consumer<? super O> release) {
        harness.release(release);
        return this;
    }

    /**
     * Makes {@link #close()} fail if the stage still references an input it was given. The test must
     * not keep the inputs itself.
     *
     * @return this tester
     */
    public StageTester<I, O> checkRetention() {
        harness.checkRetention();
        return this;
    }

    /**
     * Calls the stage's {@code open}.
     *
     * @return this tester
     * @throws Exception what {@code open} threw
     */
    public StageTester<I, O> open() throws Exception {
        harness.open();
        return this;
    }

    /**
     * Processes the next frame, stamped with the current monotonic time.
     *
     * @param input the frame's input, not {@code null}
     * @return the stage's result, or {@code null} for "no result"; released by {@link #close()}
     * @throws Exception what {@code process} threw
     */
    public O process(I input) throws Exception {
        return process(input, Long.MIN_VALUE);
    }

    /**
     * Processes the next frame with a given capture time.
     *
     * @param input the frame's input, not {@code null}
     * @param timestampNanos the frame's capture time
     * @return the stage's result, or {@code null}
     * @throws Exception what {@code process} threw
     */
    @SuppressWarnings("unchecked")
    public O process(I input, long timestampNanos) throws Exception {
        if (input == null) {
            throw new NullPointerException("the runtime never passes null inputs; read the port optionally to test absence");
        }
        return (O) harness.process(new Object[] {input}, timestampNanos);
    }

    /**
     * Numbers the next frame {@code number}, as when a live source dropped the frames between.
     *
     * @param number the next frame's number, not below the next one due
     * @return this tester
     * @throws IllegalArgumentException if {@code number} is lower than the next frame's
     */
    public StageTester<I, O> at(long number) {
        harness.at(number);
        return this;
    }

    /**
     * Tells the stage its source ended.
     *
     * @throws Exception what {@code endOfStream} threw
     */
    public void endOfStream() throws Exception {
        harness.endOfStream();
    }

    /**
     * How many frames were processed.
     *
     * @return the count
     */
    public long frames() {
        return harness.frames();
    }

    /**
     * How many results {@link #close()} released.
     *
     * @return the count
     */
    public long released() {
        return harness.released();
    }

    /**
     * Closes the stage (once), releases every result that needs it, and runs the retention check.
     *
     * @throws IllegalStateException wrapping a checked exception the stage's {@code close} threw
     *     (unchecked ones pass as they are)
     * @throws AssertionError if the retention check fails
     */
    @Override
    public void close() {
        try {
            harness.close();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("the stage's close() threw", e);
        }
    }

    private static Harness.Life lifeOf(Opener open, Ender end, Closer close) {
        return new Harness.Life() {
            @Override
            public void open(dev.stagegraph.spi.InstanceContext context) throws Exception {
                open.open(context);
            }

            @Override
            public void endOfStream(String source) throws Exception {
                end.end(source);
            }

            @Override
            public void close() throws Exception {
                close.close();
            }
        };
    }

    private interface Opener {
        void open(dev.stagegraph.StageContext context) throws Exception;
    }

    private interface Ender {
        void end(String source) throws Exception;
    }

    private interface Closer {
        void close() throws Exception;
    }
}
