package io.promisemonitor.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class XmlTextTest {

    @Test
    void markupCharactersAreEscapedForElementsAndQuotedAttributes() {
        assertThat(XmlText.escape("a < b & \"c\" > 'd'")).isEqualTo("a &lt; b &amp; &quot;c&quot; &gt; &#39;d&#39;");
    }

    @Test
    void charactersXmlForbidsBecomeAReplacementCharacterAndTabsAndNewlinesStay() {
        assertThat(XmlText.escape("bell\u0007 nul\u0000 esc\u001b[31m tab\t nl\n cr\r ff\uFFFF"))
                .isEqualTo("bell\uFFFD nul\uFFFD esc\uFFFD[31m tab\t nl\n cr&#13; ff\uFFFD");
    }

    @Test
    void nonAsciiTextAndSurrogatePairsPassAsTheyAreButALoneSurrogateIsReplaced() {
        assertThat(XmlText.escape("ünïcödé 日本 \uD83D\uDD25")).isEqualTo("ünïcödé 日本 \uD83D\uDD25");
        assertThat(XmlText.escape("half \uD83D only")).isEqualTo("half \uFFFD only");
        assertThat(XmlText.escape(null)).isEmpty();
    }
}
