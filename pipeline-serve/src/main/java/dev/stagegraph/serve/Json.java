package dev.stagegraph.serve;

import dev.stagegraph.spi.JsonText;

/** The few JSON encodings the stats need. Stateless. */
final class Json {
    private Json() {}

    /**
     * As {@link JsonText#quote(String)}, and {@code <}, {@code >} and {@code &} as {@code \}{@code u}
     * escapes too, so the text stays inert wherever a page puts it.
     */
    static String string(String s) {
        return JsonText.quote(s).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
    }

    static String number(double d) {
        return Double.isFinite(d) ? Double.toString(d) : "null";
    }
}
