package dev.stagegraph.bench;

import java.util.List;

/**
 * What one part of the quick comparison measured: its JSON entry, its lines of the console table,
 * and the goals it checks.
 *
 * @param json the entry of {@code "benchmarks"}, whose first field is its name
 * @param rows lines for the console, without line breaks
 * @param goals the goals this part measures
 */
record Section(JsonOut json, List<String> rows, List<Goal> goals) {}
