package io.promisemonitor.core.publish;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UrlLayoutTest {

    @Test
    void aNameOfUnreservedCharactersIsItsOwnSegment() {
        String name = "web-01.disk_usage~2";

        assertThat(UrlLayout.segment(name)).isSameAs(name);
        assertThat(UrlLayout.servicePageHref(name)).isEqualTo("service/web-01.disk_usage~2.html");
    }

    @Test
    void everyOtherCharacterIsPercentEncodedFromItsUtf8Bytes() {
        assertThat(UrlLayout.segment("a b/c%d?é")).isEqualTo("a%20b%2Fc%25d%3F%C3%A9");
        assertThat(UrlLayout.segment("")).isEmpty();
        assertThat(UrlLayout.rerunHref("x y")).isEqualTo("cgi-bin/monitor-run-promise.cgi?service=x%20y");
    }
}
