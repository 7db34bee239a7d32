package dev.stagegraph.runtime;

import dev.stagegraph.FrameFailure;

/** Told, on the failing thread, that a failure must stop the run. */
interface FatalListener {
    void onFatal(FrameFailure failure);
}
