package dev.stagegraph.bench;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/** A JSON object written field by field, in insertion order. Numbers keep five significant digits. */
final class JsonOut {
    private final StringJoiner fields = new StringJoiner(",", "{", "}");

    JsonOut put(String key, double value) {
        return raw(key, number(value));
    }

    JsonOut put(String key, long value) {
        return raw(key, Long.toString(value));
    }

    JsonOut put(String key, boolean value) {
        return raw(key, Boolean.toString(value));
    }

    JsonOut put(String key, String value) {
        return raw(key, string(value));
    }

    JsonOut put(String key, JsonOut value) {
        return raw(key, value.toString());
    }

    JsonOut put(String key, List<JsonOut> values) {
        StringJoiner array = new StringJoiner(",", "[", "]");
        values.forEach(v -> array.add(v.toString()));
        return raw(key, array.toString());
    }

    private JsonOut raw(String key, String json) {
        fields.add(string(key) + ":" + json);
        return this;
    }

    @Override
    public String toString() {
        return fields.toString();
    }

    static String number(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "null";
        }
        if (value == 0) {
            return "0";
        }
        return new BigDecimal(value).round(new MathContext(5)).stripTrailingZeros().toPlainString();
    }

    static String string(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
