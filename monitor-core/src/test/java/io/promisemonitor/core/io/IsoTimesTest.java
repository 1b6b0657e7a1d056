package io.promisemonitor.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IsoTimesTest {

    private static final DateTimeFormatter STATUS_DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");

    @Test
    void everyInstantTheMonitorWritesReadsBackAsTheJdkReadsIt() {
        SplittableRandom random = new SplittableRandom(20261204);
        for (int i = 0; i < 20_000; i++) {
            Instant t = Instant.ofEpochMilli(random.nextLong(-2_000_000_000_000L, 32_000_000_000_000L));
            if (i % 2 == 0) {
                t = Instant.ofEpochSecond(t.getEpochSecond());
            }
            String text = t.toString();
            assertThat(IsoTimes.instant(text)).as(text).isEqualTo(Instant.parse(text)).isEqualTo(t);
        }
    }

    @Test
    void everyStatusDateReadsBackAsTheJdkReadsIt() {
        SplittableRandom random = new SplittableRandom(4);
        List<ZoneOffset> offsets = List.of(ZoneOffset.UTC, ZoneOffset.ofHours(1), ZoneOffset.ofHoursMinutes(-9, -30),
                ZoneOffset.ofHoursMinutes(5, 45), ZoneOffset.ofHours(-12), ZoneOffset.ofHours(14));
        for (int i = 0; i < 20_000; i++) {
            OffsetDateTime t = OffsetDateTime.ofInstant(Instant.ofEpochSecond(random.nextLong(0, 4_000_000_000L)),
                    offsets.get(i % offsets.size()));
            for (String text : List.of(t.format(STATUS_DATE), t.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))) {
                assertThat(IsoTimes.offsetDateTime(text)).as(text)
                        .isEqualTo(OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME));
            }
        }
    }

    @Test
    void otherShapesAreTheJdksToReadOrRefuse() {
        assertThat(IsoTimes.instant("2026-12-04T23:00:00.123456Z"))
                .isEqualTo(Instant.parse("2026-12-04T23:00:00.123456Z"));
        assertThat(IsoTimes.instant("2026-12-31T23:59:60Z")).isEqualTo(Instant.parse("2026-12-31T23:59:60Z"));
        assertThat(IsoTimes.instant("2026-12-04T24:00:00Z")).isEqualTo(Instant.parse("2026-12-05T00:00:00Z"));
        assertThat(IsoTimes.offsetDateTime("2026-12-04T23:00+01:00"))
                .isEqualTo(OffsetDateTime.parse("2026-12-04T23:00+01:00"));
        for (String bad : List.of("2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z",
                "2026-12-04 23:00:00Z", "2026-12-04T23:00:0xZ", "20261204T230000Z", "", "2026-12-04T23:00:00.12xZ")) {
            assertThatThrownBy(() -> IsoTimes.instant(bad)).as(bad).isInstanceOf(DateTimeParseException.class);
        }
        for (String bad : List.of("2026-02-30T00:00:00+01:00", "2026-12-04T23:00:00+19:00", "2026-12-04T23:00:00+01:60",
                "2026-12-04T23:00:00", "2026-12-04T23:00:00+0100")) {
            assertThatThrownBy(() -> IsoTimes.offsetDateTime(bad)).as(bad).isInstanceOf(DateTimeParseException.class);
        }
    }

    @Test
    void statusDatesAndSlapOsDatesAreWrittenAsTheirPatternsWriteThem() {
        DateTimeFormatter local = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");
        SplittableRandom random = new SplittableRandom(1204);
        List<ZoneOffset> offsets = List.of(ZoneOffset.UTC, ZoneOffset.ofHours(1), ZoneOffset.ofHoursMinutes(-9, -30),
                ZoneOffset.ofHoursMinutes(5, 45), ZoneOffset.ofHours(-12), ZoneOffset.ofHoursMinutesSeconds(0, 9, 21));
        for (int i = 0; i < 20_000; i++) {
            // years -1 to 10,000 and beyond: the patterns' own output at the edges too
            Instant t = Instant.ofEpochSecond(random.nextLong(-62_200_000_000L, 254_000_000_000L),
                    random.nextInt(1_000_000_000));
            OffsetDateTime o = OffsetDateTime.ofInstant(t, offsets.get(i % offsets.size()));
            assertThat(IsoTimes.format(o)).as("%s", o).isEqualTo(STATUS_DATE.format(o));
            assertThat(IsoTimes.format(t, java.time.ZoneId.of("Europe/Paris")))
                    .isEqualTo(STATUS_DATE.format(t.atZone(java.time.ZoneId.of("Europe/Paris"))));
            assertThat(IsoTimes.formatLocal(t)).as("%s", t).isEqualTo(local.format(t.atZone(ZoneOffset.UTC)));
        }
    }
}
