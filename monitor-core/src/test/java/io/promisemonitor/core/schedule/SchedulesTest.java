package io.promisemonitor.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

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

    @ParameterizedTest(name = "{0} fires at least every {1}")
    @CsvSource(delimiter = '|', value = {
        "* * * * *        | PT1M",
        "*/5 * * * *      | PT5M",
        "7,8 * * * *      | PT59M",
        "0 * * * *        | PT1H",
        "@hourly          | PT1H",
        "0 9-17 * * *     | PT16H",
        "0,30 8 * * *     | PT23H30M",
        "0 0 * * *        | P1D",
        "@daily           | P1D",
        "30 2 * * 1-5     | P3D",
        "0 0 * * 0        | P7D",
        "@weekly          | P7D",
        "0 0 13 * 5       | P7D",
        "@monthly         | P31D",
        "0 0 31 * *       | P61D",
        "0 0 1 1,7 *      | P184D",
        "@yearly          | P366D",
        "0 0 1 1 *        | P366D",
        // 2096-02-29 to 2104-02-29: 2100 is not a leap year
        "0 0 29 2 *       | P2921D",
        "0 12 29 2 *      | P2921D",
    })
    void theLongestPeriodIsTheLongestGapBetweenTwoFirings(String expression, Duration longest) {
        assertThat(Schedules.cron(expression).longestPeriod()).isEqualTo(longest);
    }

    @ParameterizedTest
    @ValueSource(strings = {"*/7 3,9 * * *", "0 0 1-7 * 1", "0 0 29 2 1", "15 4 */10 * *", "0 0 1 */2 *",
        "@monthly", "0 0 31 * *", "0 22 * * 1-5", "5/20 * * * *", "0 0 * JAN,jul SUN"})
    void theLongestPeriodIsNeverShorterThanAGapSeenFiringByFiring(String expression) {
        Schedule s = Schedules.cron(expression);
        ZonedDateTime t = ZonedDateTime.parse("2090-01-01T00:00Z");
        Duration seen = Duration.ZERO;
        for (ZonedDateTime next = s.next(t); next.getYear() < 2110; t = next, next = s.next(t)) {
            Duration gap = Duration.between(t, next);
            seen = gap.compareTo(seen) > 0 ? gap : seen;
        }
        assertThat(s.longestPeriod()).isGreaterThanOrEqualTo(seen);
    }

    @ParameterizedTest
    @ValueSource(strings = {"* * * * *", "*/7 3,9 * * *", "0 0 1-7 * 1", "0 0 29 2 1", "0 0 13 * 5",
        "15 4 */10 * *", "0 0 1 */2 *", "0 0 31 * *", "0 22 * * 1-5", "5/20 * * * *", "0 0 * JAN,jul SUN",
        "0 0 * * 7", "0 0 29 2 *"})
    void firingsAreTheOnesCronUtilsComputes(String expression) {
        ExecutionTime cronUtils = ExecutionTime.forCron(new CronParser(CronDefinitionBuilder.instanceDefinitionFor(
                CronType.UNIX)).parse(expression));
        Schedule s = Schedules.cron(expression);
        List<ZonedDateTime> ours = new ArrayList<>();
        List<ZonedDateTime> theirs = new ArrayList<>();
        ZonedDateTime a = ZonedDateTime.parse("2027-12-30T23:58Z");
        ZonedDateTime b = a;
        for (int i = 0; i < 200; i++) {
            a = s.next(a);
            b = cronUtils.nextExecution(b).orElseThrow();
            ours.add(a);
            theirs.add(b);
        }
        assertThat(ours).isEqualTo(theirs);
    }

    @Test
    void aDayFieldStartingWithAStarIsNotARestrictionAsInCron() {
        // Vixie cron and cronie: either day field starting with '*' means both must match (cron-utils says either).
        assertThat(firings("0 0 */2 * 1", "2028-01-01T00:00Z", ZoneOffset.UTC, 3)).containsExactly(
                "2028-01-03T00:00Z", "2028-01-17T00:00Z", "2028-01-31T00:00Z");
        // the first of the month when it is a Sunday, Tuesday, Thursday or Saturday
        assertThat(firings("0 0 1 * */2", "2028-01-01T00:00Z", ZoneOffset.UTC, 3)).containsExactly(
                "2028-02-01T00:00Z", "2028-04-01T00:00Z", "2028-06-01T00:00Z");
    }

    @Test
    void anExpressionThatNeverFiresIsRefused() {
        assertThatThrownBy(() -> Schedules.cron("0 0 31 2 *")).hasMessage("'0 0 31 2 *' never fires: no date has"
                + " that day of the month in that month (and day of the week); allowed: a date that exists, such as"
                + " 0 0 28 2 *");
        assertThatThrownBy(() -> Schedules.cron("0 0 30 2 *")).hasMessageStartingWith("'0 0 30 2 *' never fires");
        assertThatThrownBy(() -> Schedules.cron("0 0 31 4,6,9,11 *")).hasMessageContaining("never fires");
    }

    // ---- daylight saving, Europe/Paris: 2026-03-29 02:00 -> 03:00, 2026-10-25 03:00 -> 02:00 ----

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    private static List<String> firings(String expression, String from, int count) {
        return firings(expression, from, PARIS, count);
    }

    private static List<String> firings(String expression, String from, ZoneId zone, int count) {
        Schedule s = Schedules.cron(expression);
        ZonedDateTime t = ZonedDateTime.parse(from).withZoneSameInstant(zone);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            t = s.next(t);
            out.add(t.toOffsetDateTime().toString());
        }
        return out;
    }

    @Test
    void aFixedTimeJobInTheSkippedHourRunsOnceRightAfterTheChange() {
        assertThat(firings("30 2 * * *", "2026-03-28T12:00+01:00", 3)).containsExactly(
                "2026-03-29T03:00+02:00", "2026-03-30T02:30+02:00", "2026-03-31T02:30+02:00");
        assertThat(firings("0,30 2 * * *", "2026-03-28T12:00+01:00", 2)).containsExactly(
                "2026-03-29T03:00+02:00", "2026-03-30T02:00+02:00");
    }

    @Test
    void aFixedTimeJobInTheRepeatedHourRunsOnce() {
        assertThat(firings("30 2 * * *", "2026-10-24T12:00+02:00", 3)).containsExactly(
                "2026-10-25T02:30+02:00", "2026-10-26T02:30+01:00", "2026-10-27T02:30+01:00");
    }

    @Test
    void aJobWithAWildcardOrAStepFollowsTheClockAsItIs() {
        assertThat(firings("*/30 * * * *", "2026-03-29T01:15+01:00", 3)).containsExactly(
                "2026-03-29T01:30+01:00", "2026-03-29T03:00+02:00", "2026-03-29T03:30+02:00");
        assertThat(firings("*/30 * * * *", "2026-10-25T01:45+02:00", 5)).containsExactly(
                "2026-10-25T02:00+02:00", "2026-10-25T02:30+02:00", "2026-10-25T02:00+01:00",
                "2026-10-25T02:30+01:00", "2026-10-25T03:00+01:00");
        assertThat(firings("30 * * * *", "2026-10-25T01:45+02:00", 3)).containsExactly(
                "2026-10-25T02:30+02:00", "2026-10-25T02:30+01:00", "2026-10-25T03:30+01:00");
        assertThat(firings("30 * * * *", "2026-03-29T01:45+01:00", 1)).containsExactly("2026-03-29T03:30+02:00");
    }

    @Test
    void aFixedOffsetZoneHasNoChanges() {
        ZonedDateTime t = ZonedDateTime.of(2026, 3, 29, 1, 0, 0, 0, ZoneOffset.ofHours(1));
        assertThat(Schedules.cron("30 2 * * *").next(t)).isEqualTo(t.withHour(2).withMinute(30));
    }
}
