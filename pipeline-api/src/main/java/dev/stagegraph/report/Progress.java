package dev.stagegraph.report;

/**
 * A run's counts at one moment, for a progress bar or a live FPS line. Read while the run goes
 * on, so the counts may be a frame apart from each other. Immutable.
 *
 * @param framesIn frames taken from the source so far
 * @param completed frames delivered with a result so far
 * @param failed frames failed so far
 * @param dropped frames a live source dropped so far
 * @param expected the source's announced length, or -1 when unknown
 */
public record Progress(long framesIn, long completed, long failed, long dropped, long expected) {

    /**
     * Frames finished either way.
     *
     * @return completed plus failed
     */
    public long done() {
        return completed + failed;
    }
}
