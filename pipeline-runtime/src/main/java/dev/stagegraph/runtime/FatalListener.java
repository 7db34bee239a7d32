package dev.stagegraph.runtime;

import dev.stagegraph.report.FrameFailure;

/** Told, on the failing thread, that a failure must stop the run. */
interface FatalListener {
    void onFatal(FrameFailure failure);
}
