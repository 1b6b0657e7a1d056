package io.promisemonitor.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.core.promise.Perfdata;
import org.junit.jupiter.api.Test;

class PerfdataParserTest {

    @Test
    void aFullEntryKeepsValueUnitThresholdsAndBounds() {
        assertThat(PerfdataParser.parse("/=2643MB;5948;5958;0;5968"))
                .containsExactly(new Perfdata("/", 2643, "MB", "5948", "5958", "0", "5968"));
    }

    @Test
    void anUnknownValueIsKeptAsNotANumberWithItsThresholds() {
        assertThat(PerfdataParser.parse("rta=U;100;200;0 'free space'=U"))
                .containsExactly(new Perfdata("rta", Double.NaN, "", "100", "200", "0", null),
                        Perfdata.of("free space", Double.NaN, ""));
    }

    @Test
    void severalEntriesAreSpaceSeparated() {
        assertThat(PerfdataParser.parse("time=0.006s;;;0.000 size=1024B load1=0.5  users=3"))
                .containsExactly(
                        new Perfdata("time", 0.006, "s", null, null, "0.000", null),
                        Perfdata.of("size", 1024, "B"),
                        Perfdata.of("load1", 0.5, ""),
                        Perfdata.of("users", 3, ""));
    }

    @Test
    void quotedLabelsMayHoldSpacesAndDoubledQuotes() {
        assertThat(PerfdataParser.parse("'disk /var free'=42% 'it''s'=1c"))
                .containsExactly(Perfdata.of("disk /var free", 42, "%"), Perfdata.of("it's", 1, "c"));
    }

    @Test
    void everyNagiosUnitAndGigabytesAreAccepted() {
        assertThat(PerfdataParser.parse("a=1 b=1s c=1ms d=1us e=1% f=1B g=1KB h=1MB i=1GB j=1TB k=1c"))
                .extracting(Perfdata::unit)
                .containsExactly("", "s", "ms", "us", "%", "B", "KB", "MB", "GB", "TB", "c");
    }

    @Test
    void rangesInThresholdsAreKeptAsWritten() {
        assertThat(PerfdataParser.parse("t=5;10:;@10:20;~:0;-1.5e3"))
                .containsExactly(new Perfdata("t", 5, "", "10:", "@10:20", "~:0", "-1.5e3"));
    }

    @Test
    void negativeAndExponentValuesParse() {
        assertThat(PerfdataParser.parse("a=-3.5 b=+2 c=.5 d=1e3"))
                .extracting(Perfdata::value).containsExactly(-3.5, 2.0, 0.5, 1000.0);
    }

    @Test
    void malformedEntriesAreSkippedAndTheOthersKept() {
        assertThat(PerfdataParser.parse(
                "good=1 novalue= noequals =5 unknown=U badunit=3furlongs toomany=1;2;3;4;5;6 'unclosed=2 x=2"))
                .containsExactly(Perfdata.of("good", 1, ""), Perfdata.of("unknown", Double.NaN, ""));
    }

    @Test
    void anUnclosedQuoteSwallowsTheRestWithoutFailing() {
        assertThat(PerfdataParser.parse("ok=1 'never closed=3 other=4")).containsExactly(Perfdata.of("ok", 1, ""));
    }

    @Test
    void badThresholdsSkipTheEntry() {
        assertThat(PerfdataParser.parse("a=1;warn b=2;3")).containsExactly(new Perfdata("b", 2, "", "3", null, null,
                null));
    }

    @Test
    void emptyOrBlankTextGivesNothing() {
        assertThat(PerfdataParser.parse("")).isEmpty();
        assertThat(PerfdataParser.parse("   \t ")).isEmpty();
        assertThat(PerfdataParser.parse("''=1")).isEmpty();
    }
}
