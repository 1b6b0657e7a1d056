package io.promisemonitor.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class SchedulesTest {

    private static final ZonedDateTime T = ZonedDateTime.parse("2026-11-21T10:07:30Z");

    @Test
    void everyFiveMinutesFiresOnTheNextMultipleOfFive() {
        Schedule s = Schedules.cron("*/5 * * * *");

        assertThat(s.next(T)).isEqualTo(ZonedDateTime.parse("2026-11-21T10:10:00Z"));
        assertThat(s.longestPeriod()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void everyInstantOfAMinuteHasTheSameNextFiringAndTheLastSecondIsNotSkipped() {
        Schedule s = Schedules.cron("* * * * *");

        assertThat(s.next(ZonedDateTime.parse("2026-11-21T10:07:00Z")))
                .isEqualTo(ZonedDateTime.parse("2026-11-21T10:08:00Z"));
        assertThat(s.next(ZonedDateTime.parse("2026-11-21T10:07:59.999Z")))
                .isEqualTo(ZonedDateTime.parse("2026-11-21T10:08:00Z"));
        assertThat(s.next(ZonedDateTime.parse("2026-11-21T10:08:00Z")))
                .isEqualTo(ZonedDateTime.parse("2026-11-21T10:09:00Z"));
    }

    @Test
    void oneExpressionIsOneSchedule() {
        assertThat(Schedules.cron("*/5 * * * *")).isSameAs(Schedules.cron(" */5  * * * * "));
    }

    @Test
    void shortcutsMeanWhatCronMeans() {
        assertThat(Schedules.cron("@hourly").next(T)).isEqualTo(ZonedDateTime.parse("2026-11-21T11:00:00Z"));
        assertThat(Schedules.cron("@daily").next(T)).isEqualTo(ZonedDateTime.parse("2026-11-22T00:00:00Z"));
        assertThat(Schedules.cron("@daily").longestPeriod()).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void anOutOfRangeFieldSaysTheAllowedRange() {
        assertThatThrownBy(() -> Schedules.cron("61 * * * *"))
                .hasMessage("'61 * * * *': minute must be 0-59 (got 61)");
        assertThatThrownBy(() -> Schedules.cron("0 24 * * *"))
                .hasMessage("'0 24 * * *': hour must be 0-23 (got 24)");
    }

    @Test
    void theWrongNumberOfFieldsIsNamed() {
        assertThatThrownBy(() -> Schedules.cron("* * * *"))
                .hasMessage("'* * * *' has 4 fields; allowed: 5 fields, minute hour day-of-month month day-of-week,"
                        + " such as */5 * * * *, or @hourly");
    }

    @Test
    void anUnknownShortcutIsRefused() {
        assertThatThrownBy(() -> Schedules.cron("@reboot")).hasMessage("'@reboot' is not a known shortcut;"
                + " allowed: @hourly, @daily, @midnight, @weekly, @monthly, @yearly, @annually");
    }

    @Test
    void garbageIsRefusedWithTheExpressionQuoted() {
        assertThatThrownBy(() -> Schedules.cron("a b c d e")).hasMessageStartingWith("'a b c d e' is not a valid"
                + " cron expression (");
    }
}
