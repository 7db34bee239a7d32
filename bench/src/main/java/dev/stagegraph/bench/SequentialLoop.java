package dev.stagegraph.bench;

import java.util.List;

/** The plain loop: the four stages called one after another on the caller's thread. */
final class SequentialLoop implements Harness {
    private long issued;
    private long checksum;

    @Override
    public long run(int frames) {
        long sum = checksum;
        long frame = issued;
        for (int i = 0; i < frames; i++) {
            long detected = NoopWork.detect(frame++);
            sum += NoopWork.aggregate(NoopWork.size(detected), NoopWork.classify(detected));
        }
        issued = frame;
        checksum = sum;
        return sum;
    }

    @Override
    public List<Thread> threads() {
        return List.of();
    }

    @Override
    public void close() {}
}
