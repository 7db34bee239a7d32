package dev.stagegraph.bench;

import java.util.Locale;

/**
 * One of the performance goals and the value a run measured for it.
 *
 * @param metric what is measured, as named in the JSON
 * @param value the measured value
 * @param target the goal
 * @param atLeast whether the value must reach the target ({@code true}) or stay under it
 */
record Goal(String metric, double value, double target, boolean atLeast) {

    boolean met() {
        return atLeast ? value >= target : value <= target;
    }

    String describe() {
        return metric + (atLeast ? " >= " : " <= ") + JsonOut.number(target);
    }

    String row() {
        String by = met() ? "met" : String.format(Locale.ROOT, "MISSED (%s%% of the goal)",
                JsonOut.number(Math.round(1000 * (atLeast ? value / target : target / value)) / 10.0));
        return String.format(Locale.ROOT, "  %-44s %10s  %s", describe(), JsonOut.number(value), by);
    }

    JsonOut toJson() {
        return new JsonOut().put("goal", describe()).put("value", value).put("met", met());
    }
}
