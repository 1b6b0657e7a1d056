package io.promisemonitor.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.core.io.XmlText;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8TextTest {

    @Test
    void textIsEncodedAsStringGetBytesEncodesIt() {
        for (String text : new String[] {"", "plain ascii", "é ü ß", "漢字 and ½", "emoji 😀 pair", "lone \uD800 high",
            "lone \uDC00 low", "end \uD83D", "\u007f\u0080\u07ff\u0800\uFFFF", "x".repeat(40_000) + "é",
            // long ones, which go through the JDK's encoder: the same bytes, lone surrogates as '?'
            "<i></i>".repeat(100), "é".repeat(70), "z".repeat(100) + " lone \uD800 high, 😀, \uDC00 end \uD83D"}) {
            Utf8Text out = new Utf8Text(4);
            out.append("<");
            out.append(text);
            assertThat(out.toByteArray()).as(text.length() > 50 ? text.substring(0, 50) : text)
                    .isEqualTo(("<" + text).getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void escapedTextIsWhatXmlTextEscapeGivesInUtf8() {
        for (String text : new String[] {"", "plain ascii", "a & b", "<tag attr=\"v\" other='w'>",
            "bell \u0007 nul \u0000", "cr\r\nlf\ttab", "é ü ß &", "ok then 漢字 < 😀", "lone \uD800 high",
            "\uFFFE\uFFFF", "x".repeat(40_000) + "&"}) {
            Utf8Text out = new Utf8Text(4);
            out.append("<");
            out.appendEscaped(text);
            assertThat(out.toByteArray()).as(text.length() > 50 ? text.substring(0, 50) : text)
                    .isEqualTo(("<" + XmlText.escape(text)).getBytes(StandardCharsets.UTF_8));
        }
    }
}
