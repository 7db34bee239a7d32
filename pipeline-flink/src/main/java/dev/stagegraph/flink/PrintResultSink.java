package dev.stagegraph.flink;

import java.io.PrintStream;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A Flink {@link Sink} that prints one line per record to the task manager's standard output
 * ({@code <subtask>> <record>}), for examples and smoke runs. For files use Flink's {@code FileSink}
 * (flink-connector-files), for Kafka its {@code KafkaSink}: both take {@link FrameResult}s like any
 * record. Each line is written whole; lines of different subtasks interleave.
 *
 * @param <R> the result type
 */
public final class PrintResultSink<R> implements Sink<FrameResult<R>> {
    private static final long serialVersionUID = 1L;

    /** Makes the sink. */
    public PrintResultSink() {
    }

    @Override
    public SinkWriter<FrameResult<R>> createWriter(WriterInitContext context) {
        int subtask = context.getTaskInfo().getIndexOfThisSubtask();
        PrintStream out = System.out;
        return new SinkWriter<>() {
            @Override
            public void write(FrameResult<R> element, Context ctx) {
                out.println(subtask + "> " + element);
            }

            @Override
            public void flush(boolean endOfInput) {
                out.flush();
            }

            @Override
            public void close() {
                out.flush();
            }
        };
    }
}
