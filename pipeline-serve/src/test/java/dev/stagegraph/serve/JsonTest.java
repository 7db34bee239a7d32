package dev.stagegraph.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void string_escapesMarkupCharacters_onTopOfTheReportsRules() {
        assertEquals("\"\\u003cb\\u003e \\u0026 \\\"q\\\"\\n\"", Json.string("<b> & \"q\"\n"));
    }

    @Test
    void string_ofNull_isTheNullLiteral() {
        assertEquals("null", Json.string(null));
    }
}
