package dev.stagegraph.serve;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format 0.0.4
 * (https://prometheus.io/docs/instrumenting/exposition_formats/): every line is a {@code # HELP},
 * a {@code # TYPE}, another comment, blank, or a sample {@code name{label="value",...} value
 * [timestamp]}; names and label names match the spec's patterns, label values use only its
 * escapes, values are floats (or NaN, +Inf, -Inf), a family's TYPE comes before its samples and at
 * most once, each sample's name is its family's or, for a summary or histogram, the family's plus
 * {@code _sum}, {@code _count} or {@code _bucket}, and no sample repeats. Throws on anything else.
 */
final class PrometheusText {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)( -?[0-9]+)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"");
    private static final Pattern VALUE = Pattern.compile("[-+]?(?:[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?|NaN|Inf)");

    /** One sample. */
    record Sample(String name, Map<String, String> labels, double value) {}

    final Map<String, String> types = new HashMap<>();
    final List<Sample> samples = new ArrayList<>();

    static PrometheusText parse(String text) {
        PrometheusText p = new PrometheusText();
        Map<String, Boolean> seen = new HashMap<>();
        int lineNo = 0;
        for (String line : text.split("\n", -1)) {
            lineNo++;
            String where = "line " + lineNo + " '" + line + "': ";
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                String[] parts = line.split(" ", 4);
                if (parts.length >= 3 && parts[1].equals("TYPE")) {
                    require(NAME.matcher(parts[2]).matches(), where + "bad metric name");
                    require(parts.length == 4 && List.of("counter", "gauge", "histogram", "summary", "untyped").contains(parts[3]),
                            where + "bad type");
                    require(p.types.put(parts[2], parts[3]) == null, where + "second TYPE for the family");
                } else if (parts.length >= 3 && parts[1].equals("HELP")) {
                    require(NAME.matcher(parts[2]).matches(), where + "bad metric name");
                }
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            require(m.matches(), where + "not a sample line");
            Map<String, String> labels = new TreeMap<>();
            if (m.group(3) != null && !m.group(3).isEmpty()) {
                String body = m.group(3).endsWith(",") ? m.group(3).substring(0, m.group(3).length() - 1) : m.group(3);
                Matcher l = LABEL.matcher(body);
                int pos = 0;
                while (pos < body.length()) {
                    require(l.find(pos) && l.start() == pos, where + "bad label at " + pos);
                    require(labels.put(l.group(1), l.group(2)) == null, where + "label repeated");
                    pos = l.end();
                    if (pos < body.length()) {
                        require(body.charAt(pos) == ',', where + "labels are separated by commas");
                        pos++;
                    }
                }
            }
            require(VALUE.matcher(m.group(4)).matches(), where + "bad value");
            String name = m.group(1);
            String family = p.familyOf(name);
            require(family != null, where + "sample before its family's TYPE");
            require(seen.put(name + labels, true) == null, where + "sample repeated");
            p.samples.add(new Sample(name, labels, Double.parseDouble(m.group(4).replace("Inf", "Infinity"))));
        }
        return p;
    }

    private String familyOf(String name) {
        if (types.containsKey(name)) {
            return name;
        }
        for (String suffix : new String[] {"_sum", "_count", "_bucket"}) {
            if (name.endsWith(suffix)) {
                String family = name.substring(0, name.length() - suffix.length());
                String type = types.get(family);
                if ("summary".equals(type) || "histogram".equals(type)) {
                    return family;
                }
            }
        }
        return null;
    }

    /** The sum of the samples with this name whose labels include {@code labels}; 0 if none. */
    double value(String name, Map<String, String> labels) {
        return samples.stream().filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
                .mapToDouble(Sample::value).sum();
    }

    boolean has(String name, Map<String, String> labels) {
        return samples.stream().anyMatch(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()));
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("not Prometheus text format 0.0.4: " + message);
        }
    }
}
