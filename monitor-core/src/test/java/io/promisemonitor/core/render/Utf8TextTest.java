package io.promisemonitor.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Utf8TextTest {

    @TempDir
    Path dir;

    @Test
    void textIsEncodedAsStringGetBytesEncodesIt() {
        for (String text : new String[] {"", "plain ascii", "é ü ß", "漢字 and ½", "emoji 😀 pair", "lone \uD800 high",
            "lone \uDC00 low", "end \uD83D", "\u007f\u0080\u07ff\u0800\uFFFF", "x".repeat(40_000) + "é"}) {
            Utf8Text out = new Utf8Text(4);
            out.append("<");
            out.append(text);
            assertThat(out.toByteArray()).as(text.length() > 50 ? text.substring(0, 50) : text)
                    .isEqualTo(("<" + text).getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void aFileIsTheSameOnlyWhenItHoldsExactlyTheBytes() throws Exception {
        Utf8Text text = new Utf8Text();
        text.append("<p>héllo</p>");
        Path file = dir.resolve("page.html");

        assertThat(text.sameAs(file)).as("missing").isFalse();
        Files.write(file, text.toByteArray());
        assertThat(text.sameAs(file)).isTrue();
        Files.writeString(file, "<p>hallo!</p>");
        assertThat(text.sameAs(file)).as("same length, other bytes").isFalse();
        Files.writeString(file, "<p>héllo</p>\n");
        assertThat(text.sameAs(file)).as("longer").isFalse();
        assertThat(text.sameAs(dir)).as("a folder").isFalse();
    }
}
