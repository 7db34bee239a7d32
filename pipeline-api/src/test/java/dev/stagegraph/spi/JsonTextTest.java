package dev.stagegraph.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JsonTextTest {
    @Test
    void quote_escapesQuotesBackslashesAndControls_andKeepsTheRest() {
        assertEquals("\"a\\\"b\\\\c\\nd\\re\\tf\\u0001g<&>é\"", JsonText.quote("a\"b\\c\nd\re\tf\u0001g<&>é"));
    }

    @Test
    void quote_ofNull_isTheNullLiteral() {
        assertEquals("null", JsonText.quote(null));
    }
}
