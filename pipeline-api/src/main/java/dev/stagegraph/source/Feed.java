package dev.stagegraph.source;

import java.util.Objects;

/**
 * One source of a run over several sources ({@code Runner.start(pipeline, feeds, sink, params)}),
 * with the settings that belong to that source alone: the name its frames carry, what a live
 * source does when its frames find no room, and how many of its frames may be in flight at once.
 * Settings left unset take the runner's.
 *
 * <p>Each source keeps its own frame numbers (from 0), its own order (its outcomes reach the sink
 * in that order, interleaved with other sources' outcomes) and its own end: a source that ends
 * (a file) leaves the others running, and every stage hears {@code endOfStream(name)} once per
 * source. Immutable: each setter returns a new feed.
 *
 * @param <S> the frame type
 */
public final class Feed<S> {
    private final FrameSource<S> source;
    private final String name;
    private final LivePolicy livePolicy;
    private final int maxInFlight;

    private Feed(FrameSource<S> source, String name, LivePolicy livePolicy, int maxInFlight) {
        this.source = source;
        this.name = name;
        this.livePolicy = livePolicy;
        this.maxInFlight = maxInFlight;
    }

    /**
     * A feed of {@code source} with the source's own name and the runner's settings.
     *
     * @param source the source; used by one run at a time
     * @param <S> the frame type
     * @return the feed
     * @throws NullPointerException if {@code source} is {@code null}
     */
    public static <S> Feed<S> of(FrameSource<S> source) {
        return new Feed<>(Objects.requireNonNull(source, "source"), null, null, 0);
    }

    /**
     * This feed with its frames named {@code name} instead of {@link FrameSource#name()}.
     *
     * @param name the name every frame's context and the report carry; unique within a run
     * @return the new feed
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public Feed<S> named(String name) {
        if (Objects.requireNonNull(name, "name").isBlank()) {
            throw new IllegalArgumentException("a feed's name must not be blank: give each source a name its frames and reports carry");
        }
        return new Feed<>(source, name, livePolicy, maxInFlight);
    }

    /**
     * This feed with its own live policy (used only if the source is {@link FrameSource#live()}).
     *
     * @param policy the policy
     * @return the new feed
     */
    public Feed<S> livePolicy(LivePolicy policy) {
        return new Feed<>(source, name, Objects.requireNonNull(policy, "policy"), maxInFlight);
    }

    /**
     * This feed with its own bound on its frames between source and sink; a recorded source waits
     * for room, a live one follows its live policy. Other sources' frames do not count against it.
     *
     * @param frames at least 1
     * @return the new feed
     * @throws IllegalArgumentException if {@code frames} is less than 1
     */
    public Feed<S> maxInFlight(int frames) {
        if (frames < 1) {
            throw new IllegalArgumentException("a feed's maxInFlight must be at least 1, was " + frames);
        }
        return new Feed<>(source, name, livePolicy, frames);
    }

    /**
     * The source.
     *
     * @return the source
     */
    public FrameSource<S> source() {
        return source;
    }

    /**
     * The name the frames carry: the one given to {@link #named}, else the source's.
     *
     * @return the name
     */
    public String name() {
        return name != null ? name : source.name();
    }

    /**
     * The feed's own live policy.
     *
     * @return the policy, or {@code null} for the runner's
     */
    public LivePolicy livePolicy() {
        return livePolicy;
    }

    /**
     * The feed's own in-flight bound.
     *
     * @return the bound, or 0 for the runner's
     */
    public int maxInFlight() {
        return maxInFlight;
    }

    /**
     * Whether every setting is the runner's and the name is the source's, so a run over this feed
     * alone is a run over its source.
     *
     * @return {@code true} if nothing was set
     */
    public boolean plain() {
        return name == null && livePolicy == null && maxInFlight == 0;
    }

    /**
     * Checks the feeds of one run: at least one, none {@code null}, no two with one name.
     *
     * @param feeds the feeds
     * @param <S> the frame type
     * @return {@code feeds}
     * @throws IllegalArgumentException if {@code feeds} is empty or two feeds share a name
     * @throws NullPointerException if {@code feeds} or a feed is {@code null}
     */
    public static <S> java.util.List<Feed<S>> checked(java.util.List<Feed<S>> feeds) {
        Objects.requireNonNull(feeds, "feeds");
        if (feeds.isEmpty()) {
            throw new IllegalArgumentException("a run needs at least one feed");
        }
        java.util.Set<String> names = new java.util.HashSet<>();
        for (Feed<S> f : feeds) {
            Objects.requireNonNull(f, "a feed was null");
            if (!names.add(f.name())) {
                throw new IllegalArgumentException("two feeds are named '" + f.name() + "': give each source its own name"
                        + " (FrameSource.name() or Feed.named) so its frames and report can be told apart");
            }
        }
        return feeds;
    }

    @Override
    public String toString() {
        return "Feed[" + name() + (livePolicy == null ? "" : ", " + livePolicy) + (maxInFlight == 0 ? "" : ", maxInFlight " + maxInFlight) + "]";
    }
}
