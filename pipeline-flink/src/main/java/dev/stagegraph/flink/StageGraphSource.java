package dev.stagegraph.flink;

import dev.stagegraph.Param;
import dev.stagegraph.Pipeline;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The FLIP-27 source {@link FlinkRunner#source} makes: one split per {@link NamedSource}, each run
 * through the whole stage graph by the reader it is assigned to. Unbounded in Flink's sense (a
 * camera never ends), though the job ends when every source has.
 */
final class StageGraphSource<S, R> implements Source<FrameResult<R>, SourceSplitState, List<SourceSplitState>> {
    private static final long serialVersionUID = 1L;

    private final SerializableSupplier<Pipeline<S, R>> pipeline;
    private final LocalRunnerFactory runner;
    private final SerializableSupplier<? extends Map<Param<?>, ?>> params;
    private final List<SourceSplitState> splits;

    StageGraphSource(SerializableSupplier<Pipeline<S, R>> pipeline, LocalRunnerFactory runner,
            SerializableSupplier<? extends Map<Param<?>, ?>> params, List<SourceSplitState> splits) {
        this.pipeline = pipeline;
        this.runner = runner;
        this.params = params;
        this.splits = List.copyOf(splits);
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public SplitEnumerator<SourceSplitState, List<SourceSplitState>> createEnumerator(SplitEnumeratorContext<SourceSplitState> context) {
        return new SplitAssigner(context, splits);
    }

    @Override
    public SplitEnumerator<SourceSplitState, List<SourceSplitState>> restoreEnumerator(SplitEnumeratorContext<SourceSplitState> context,
            List<SourceSplitState> checkpoint) {
        return new SplitAssigner(context, checkpoint);
    }

    @Override
    public SimpleVersionedSerializer<SourceSplitState> getSplitSerializer() {
        return new SourceSplitState.Serializer();
    }

    @Override
    public SimpleVersionedSerializer<List<SourceSplitState>> getEnumeratorCheckpointSerializer() {
        return new SourceSplitState.ListSerializer();
    }

    @Override
    public SourceReader<FrameResult<R>, SourceSplitState> createReader(SourceReaderContext context) {
        return new GraphReader<>(context, pipeline, runner, params);
    }
}
