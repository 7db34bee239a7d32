package dev.stagegraph.source;

import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A source that other threads push frames into, such as a camera callback or a network receiver.
 * {@link #push} hands one frame over and blocks until the run takes it, which a recorded source's
 * run does only when it has room: a full pipeline blocks the pusher (backpressure). When the run
 * stops, by {@link #end()}, a drain, an abort or a failure, every pusher still blocked is released
 * with an {@link IllegalStateException} that says the frame was not accepted, so no producer stays
 * stuck on a pipeline that is gone.
 *
 * <p>Thread-safe: any number of threads may push; one run reads it. A frame whose {@code push}
 * returned normally was taken and is accounted for in the run's report; a frame whose {@code push}
 * threw was not taken and stays the caller's.
 *
 * @param <S> the frame type
 */
public final class PushSource<S> implements FrameSource<S> {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final boolean live;
    private S offered;
    private boolean ended;
    private boolean closed;

    /**
     * Creates a recorded-style source: pushers wait for room.
     */
    public PushSource() {
        this(false);
    }

    /**
     * Creates a source.
     *
     * @param live {@code true} if the frames come from a live device: the runner then applies its
     *     live policy (drop when full) instead of making pushers wait for room
     */
    public PushSource(boolean live) {
        this.live = live;
    }

    /**
     * Hands a frame to the run and waits until it is taken.
     *
     * @param frame the frame, not {@code null}; owned by the runtime once this returns
     * @throws InterruptedException if the pushing thread is interrupted before the run took the
     *     frame; the frame was withdrawn, not taken, and stays the caller's (if the run took it
     *     first, {@code push} returns normally with the interrupt flag set)
     * @throws IllegalStateException if the stream was ended or the run stopped; the frame was not taken
     */
    public void push(S frame) throws InterruptedException {
        Objects.requireNonNull(frame, "frame");
        lock.lockInterruptibly();
        try {
            while (offered != null && !ended && !closed) {
                changed.await();
            }
            checkOpen();
            offered = frame;
            changed.signalAll();
            try {
                while (offered == frame && !closed) {
                    changed.await();
                }
            } catch (InterruptedException e) {
                if (offered != frame) {
                    // taken just before the interrupt: the frame is the run's; keep the interrupt for the caller
                    Thread.currentThread().interrupt();
                    return;
                }
                offered = null;
                changed.signalAll();
                throw e;
            }
            if (offered == frame) {
                offered = null;
                throw new IllegalStateException("the pipeline stopped before it took this frame; it was not accepted");
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Ends the stream: the run finishes the frames it took and completes. Pushers still waiting are
     * released with an {@link IllegalStateException}. Idempotent.
     */
    public void end() {
        lock.lock();
        try {
            ended = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the pipeline reading this source has stopped; the frame was not accepted");
        }
        if (ended) {
            throw new IllegalStateException("end() was called on this source; no frame is accepted after it");
        }
    }

    /** Waits for a pushed frame; {@code null} once {@link #end()} was called and no frame waits. */
    @Override
    public S next(S reuse) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (offered == null && !ended) {
                changed.await();
            }
            S frame = offered;
            offered = null;
            changed.signalAll();
            return frame;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean live() {
        return live;
    }

    /** Called by the runner when the run stops: releases every waiting pusher. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
