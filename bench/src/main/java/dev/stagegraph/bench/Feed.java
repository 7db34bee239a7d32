package dev.stagegraph.bench;

import dev.stagegraph.FrameSink;
import dev.stagegraph.source.FrameSource;
import java.util.concurrent.locks.LockSupport;

/**
 * A source and a sink that let one long run of a pipeline be fed in batches: the source hands out
 * frames while the driver has released some and parks otherwise; the sink reports to a
 * {@link Completion}. The source fills the frame objects the runtime passes back, so after the
 * ring's first lap it allocates nothing.
 *
 * <p>Memory ordering: {@code allowed} and {@code ended} are volatile, written by the driver and
 * read by the source thread; {@code issued} is confined to the source thread.
 */
final class Feed {
    private final Completion completion = new Completion();
    private long issued;
    private long allowedSeen;
    private volatile long allowed;
    private volatile boolean ended;
    private volatile Thread sourceThread;

    /** The source: frame {@code n} carries the value {@code n}. */
    FrameSource<Value> source() {
        return new FrameSource<>() {
            @Override
            public void open() {
                sourceThread = Thread.currentThread();
            }

            @Override
            public Value next(Value reuse) {
                while (issued == allowedSeen) {
                    allowedSeen = allowed;
                    if (issued == allowedSeen) {
                        if (ended) {
                            return null;
                        }
                        LockSupport.park(this);
                    }
                }
                Value frame = reuse != null ? reuse : new Value();
                frame.value = issued++;
                return frame;
            }
        };
    }

    /** The sink: adds each result to the checksum. */
    FrameSink<Value, Value> sink() {
        return outcome -> completion.deliver(outcome.result().value);
    }

    /** Releases {@code frames} frames and waits until their results are delivered. */
    long run(int frames) {
        long count = completion.expect(frames);
        allowed = count;
        LockSupport.unpark(sourceThread);
        return completion.await(count);
    }

    /** Ends the source once the frames released so far are handed out. */
    void end() {
        ended = true;
        LockSupport.unpark(sourceThread);
    }

    /** The run failed: stops a waiting driver. */
    void fail(Throwable cause) {
        completion.fail(cause);
    }
}
