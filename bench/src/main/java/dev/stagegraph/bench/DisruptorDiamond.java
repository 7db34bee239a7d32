package dev.stagegraph.bench;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The floor: the no-op diamond written by hand on the Disruptor 4 DSL, the way its own examples do
 * it. One preallocated event per slot with a field per stage, a single producer (the driving
 * thread), {@code handleEventsWith(detector).then(size, classifier).then(aggregator)}, the same ring
 * size as the runtime and the Disruptor's {@link SleepingWaitStrategy}. It allocates nothing per
 * frame. The aggregator delivers to a {@link Completion} like the runtime's sink does.
 */
final class DisruptorDiamond implements Harness {
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final Completion completion = new Completion();
    private final Disruptor<Event> disruptor;
    private final RingBuffer<Event> ring;
    private long issued;

    /** One ring slot: the frame and one field per stage. */
    static final class Event {
        long input;
        long detected;
        long size;
        long label;
    }

    DisruptorDiamond(int ringSize) {
        disruptor = new Disruptor<>(Event::new, ringSize, r -> {
            Thread t = new Thread(r, "disruptor-noop-" + threads.size());
            t.setDaemon(true);
            threads.add(t);
            return t;
        }, ProducerType.SINGLE, new SleepingWaitStrategy());
        EventHandler<Event> detector = (e, seq, end) -> e.detected = NoopWork.detect(e.input);
        EventHandler<Event> size = (e, seq, end) -> e.size = NoopWork.size(e.detected);
        EventHandler<Event> classifier = (e, seq, end) -> e.label = NoopWork.classify(e.detected);
        EventHandler<Event> aggregator = (e, seq, end) -> completion.deliver(NoopWork.aggregate(e.size, e.label));
        disruptor.handleEventsWith(detector).then(size, classifier).then(aggregator);
        ring = disruptor.start();
    }

    @Override
    public long run(int frames) {
        long count = completion.expect(frames);
        for (int i = 0; i < frames; i++) {
            long seq = ring.next();
            ring.get(seq).input = issued++;
            ring.publish(seq);
        }
        return completion.await(count);
    }

    @Override
    public List<Thread> threads() {
        return List.copyOf(threads);
    }

    /** Every published event was processed (run waited for it), so halting loses nothing. */
    @Override
    public void close() {
        disruptor.halt();
        Threads.joinAll(threads);
    }
}
