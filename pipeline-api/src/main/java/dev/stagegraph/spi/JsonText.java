package dev.stagegraph.spi;

import java.util.Locale;

/**
 * JSON string literals for tools that write their own JSON around a report's
 * ({@link dev.stagegraph.report.RunReport#toJson()} uses the same rules), so names and messages
 * come out alike everywhere. Stateless and thread-safe.
 */
public final class JsonText {
    private JsonText() {}

    /**
     * The JSON literal for {@code s} (RFC 8259): in double quotes, with {@code "} and {@code \}
     * escaped, newline, return and tab as {@code \n}, {@code \r} and {@code \t}, every other
     * control character as {@code \}{@code u00XX}, and everything else as it is.
     *
     * @param s the text, or {@code null}
     * @return the quoted literal, or {@code null} (the JSON literal, unquoted) if {@code s} is null
     */
    public static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
