package dev.stagegraph.report;

import dev.stagegraph.spi.JsonText;
import java.util.Locale;

/** The few JSON rules the report needs; no dependency. */
final class Json {
    private Json() {}

    static String string(String s) {
        return JsonText.quote(s);
    }

    static String number(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return "null";
        }
        return String.format(Locale.ROOT, "%.6g", d).replaceAll("(\\.\\d*?)0+(e|$)", "$1$2").replace(".e", "e")
                .replaceAll("\\.$", "");
    }

    static String seconds(long nanos) {
        return number(nanos / 1e9);
    }

    static String millis(long nanos) {
        return number(nanos / 1e6);
    }
}
