package io.promisemonitor.core.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** SlapOS's dates, written by hand, are what the patterns they stand for write. */
class SlapOsDatesTest {

    @Test
    void eachDateIsWhatItsPatternWrites() {
        DateTimeFormatter global = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'+0000'", Locale.ROOT);
        DateTimeFormatter python = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT);
        DateTimeFormatter rfc822 = DateTimeFormatter.ofPattern("EEE, dd MMM uuuu HH:mm:ss 'GMT'", Locale.ROOT);
        DateTimeFormatter opml = DateTimeFormatter.ofPattern("EEE, dd MMM uuuu HH:mm:ss '+0000'", Locale.ROOT);
        SplittableRandom random = new SplittableRandom(26);
        for (int i = 0; i < 20_000; i++) {
            // years -1 to 10,000 and beyond: the patterns' own output at the edges too
            Instant t = Instant.ofEpochSecond(random.nextLong(-62_200_000_000L, 254_000_000_000L),
                    random.nextInt(1_000_000_000));
            var utc = t.atZone(ZoneOffset.UTC);
            assertThat(SlapOsFiles.globalDate(t)).as("%s", t).isEqualTo(global.format(utc));
            assertThat(SlapOsFiles.pythonDate(t)).as("%s", t).isEqualTo(python.format(utc));
            assertThat(SlapOsFiles.rfc822(t, "GMT")).as("%s", t).isEqualTo(rfc822.format(utc));
            assertThat(SlapOsFiles.rfc822(t, "+0000")).as("%s", t).isEqualTo(opml.format(utc));
        }
    }
}
