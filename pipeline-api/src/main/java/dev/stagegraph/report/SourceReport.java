package dev.stagegraph.report;

/**
 * What became of one source's frames in a run (issue 13): a run over several sources reports one
 * per source, in the order the sources were given; a run over one source reports that one. Every
 * frame the source delivered ends as exactly one of completed, failed, dropped or aborted, so
 * {@code completed + failed + dropped + aborted == framesIn}, and each count summed over the
 * sources is the run's. Immutable.
 *
 * @param name the source's name, as its frames carry it
 * @param framesIn frames taken from the source (dropped ones included)
 * @param completed frames delivered with a result or "no result"
 * @param failed frames that failed in a stage
 * @param dropped frames the live source captured but had no room for
 * @param aborted frames taken but not finished because the run stopped early
 * @param fps completed frames per second of the run's wall time
 * @param endToEnd from the moment a frame of this source was taken to its delivery
 */
public record SourceReport(String name, long framesIn, long completed, long failed, long dropped, long aborted, double fps,
        Latency endToEnd) {

    /** The report as a JSON object. */
    String toJson() {
        return "{\"name\":" + Json.string(name) + ",\"frames\":" + framesIn + ",\"completed\":" + completed + ",\"failed\":" + failed
                + ",\"dropped\":" + dropped + ",\"aborted\":" + aborted + ",\"fps\":" + Json.number(fps) + ",\"latencyMillis\":"
                + endToEnd.toJson() + "}";
    }
}
