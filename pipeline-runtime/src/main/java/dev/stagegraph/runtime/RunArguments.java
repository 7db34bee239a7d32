package dev.stagegraph.runtime;

import dev.stagegraph.FrameSink;
import dev.stagegraph.Pipeline;
import dev.stagegraph.source.Feed;
import dev.stagegraph.source.FrameSource;
import java.util.List;
import java.util.Objects;

/**
 * The argument checks that both runners' {@code start} and {@code run} make, in one place so both
 * reject the same null or bad arguments with the same messages, before anything opens.
 */
final class RunArguments {
    private RunArguments() {}

    /** The single source's overloads: the pipeline, then the source as one plain feed. */
    static <S> List<Feed<S>> oneFeed(Pipeline<S, ?> pipeline, FrameSource<S> source) {
        Objects.requireNonNull(pipeline, "pipeline");
        return List.of(Feed.of(source));
    }

    /** The several sources' overloads: the pipeline and the sink, then an immutable copy of the checked feeds. */
    static <S> List<Feed<S>> feeds(Pipeline<S, ?> pipeline, List<Feed<S>> feeds, FrameSink<?, ?> sink) {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(sink, "sink");
        return List.copyOf(Feed.checked(feeds));
    }
}
