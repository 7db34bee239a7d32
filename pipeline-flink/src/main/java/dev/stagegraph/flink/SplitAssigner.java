package dev.stagegraph.flink;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;

/**
 * The enumerator: source k goes to reader {@code k % parallelism}, all at once when the reader
 * registers, followed by "no more splits". A failed reader's splits come back through
 * {@link #addSplitsBack} (as of the last checkpoint) and go to its restarted attempt when it
 * registers again. Called on Flink's coordinator thread only.
 */
final class SplitAssigner implements SplitEnumerator<SourceSplitState, List<SourceSplitState>> {
    private final SplitEnumeratorContext<SourceSplitState> context;
    private final List<SourceSplitState> pending;

    SplitAssigner(SplitEnumeratorContext<SourceSplitState> context, List<SourceSplitState> pending) {
        this.context = context;
        this.pending = new ArrayList<>(pending);
    }

    @Override
    public void start() {
    }

    @Override
    public void handleSplitRequest(int subtask, String host) {
    }

    @Override
    public void addSplitsBack(List<SourceSplitState> splits, int subtask) {
        pending.addAll(splits);
    }

    @Override
    public void addReader(int subtask) {
        int parallelism = context.currentParallelism();
        List<SourceSplitState> mine = new ArrayList<>();
        pending.removeIf(s -> s.index % parallelism == subtask && mine.add(s));
        for (SourceSplitState s : mine) {
            context.assignSplit(s, subtask);
        }
        context.signalNoMoreSplits(subtask);
    }

    @Override
    public List<SourceSplitState> snapshotState(long checkpointId) {
        return List.copyOf(pending);
    }

    @Override
    public void close() {
    }
}
