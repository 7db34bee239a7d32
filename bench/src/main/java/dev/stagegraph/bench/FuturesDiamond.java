package dev.stagegraph.bench;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.HdrHistogram.Histogram;

/**
 * What a Java developer writes instead of a framework: each frame's diamond as
 * {@code CompletableFuture}s on a fixed pool of two threads (one per core), the futures of the
 * frames in flight kept in a bounded queue in frame order, and a consumer thread that joins them in
 * that order. The queue (and the future the consumer is joining) bounds the frames in flight, as the
 * runtime's ring does. Per frame it
 * allocates the futures, their lambdas and the boxed results, as such code does.
 */
final class FuturesDiamond implements Harness {
    private static final CompletableFuture<Long> END = CompletableFuture.completedFuture(0L);

    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "futures-pool-" + threads.size());
        t.setDaemon(true);
        threads.add(t);
        return t;
    });
    private final BlockingQueue<CompletableFuture<Long>> inOrder;
    private final Completion completion = new Completion();
    private final Thread consumer;
    private final long[] takenNanos;
    private final Histogram latency;
    private long issued;

    /**
     * @param inFlight the most frames submitted and not yet delivered, a power of two
     * @param timing whether to record each frame's latency from submission to in-order delivery
     */
    FuturesDiamond(int inFlight, boolean timing) {
        this.inOrder = new ArrayBlockingQueue<>(inFlight - 1);
        this.takenNanos = timing ? new long[2 * inFlight] : null;
        this.latency = timing ? new Histogram(3_600_000_000_000L, 2) : null;
        this.consumer = new Thread(this::consume, "futures-consumer");
        consumer.setDaemon(true);
        threads.add(consumer);
        consumer.start();
    }

    private void consume() {
        long frame = 0;
        try {
            while (true) {
                CompletableFuture<Long> next = inOrder.take();
                if (next == END) {
                    return;
                }
                long result = next.join();
                if (latency != null) {
                    latency.recordValue(System.nanoTime() - takenNanos[(int) (frame & (takenNanos.length - 1))]);
                }
                frame++;
                completion.deliver(result);
            }
        } catch (Throwable t) {
            completion.fail(t);
        }
    }

    @Override
    public long run(int frames) throws InterruptedException {
        return run(frames, null);
    }

    /** Runs {@code frames} frames, each submitted when {@code pacer} allows (at once if null). */
    long run(int frames, Pacer pacer) throws InterruptedException {
        long count = completion.expect(frames);
        for (int i = 0; i < frames; i++) {
            if (pacer != null) {
                pacer.awaitFrame(i);
            }
            submit(issued++);
        }
        return completion.await(count);
    }

    private void submit(long frame) throws InterruptedException {
        if (takenNanos != null) {
            takenNanos[(int) (frame & (takenNanos.length - 1))] = System.nanoTime();
        }
        CompletableFuture<Long> detected = CompletableFuture.supplyAsync(() -> NoopWork.detect(frame), pool);
        CompletableFuture<Long> size = detected.thenApplyAsync(NoopWork::size, pool);
        CompletableFuture<Long> label = detected.thenApplyAsync(NoopWork::classify, pool);
        inOrder.put(size.thenCombineAsync(label, NoopWork::aggregate, pool));
    }

    /** The latencies recorded so far; read after a run returned. */
    Histogram latency() {
        return latency;
    }

    @Override
    public List<Thread> threads() {
        return List.copyOf(threads);
    }

    @Override
    public void close() {
        pool.shutdown();
        if (!inOrder.offer(END)) {
            throw new IllegalStateException("close() was called while frames were in flight");
        }
        Threads.joinAll(threads);
    }
}
