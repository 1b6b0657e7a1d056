package io.promisemonitor.core.history;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A month ({@code 2026-11}) or an ISO week ({@code 2026-W48}, Monday to Monday) in the monitor's time zone: what an
 * availability report covers, and its file name.
 */
public record ReportPeriod(String name, boolean month, ZonedDateTime start, ZonedDateTime end) {

    private static final Pattern MONTH = Pattern.compile("(\\d{4})-(\\d{2})");
    private static final Pattern WEEK = Pattern.compile("(\\d{4})-W(\\d{2})");

    public static ReportPeriod month(YearMonth m, ZoneId zone) {
        return new ReportPeriod(m.toString(), true, m.atDay(1).atStartOfDay(zone),
                m.plusMonths(1).atDay(1).atStartOfDay(zone));
    }

    /** The ISO week holding {@code day}. */
    public static ReportPeriod weekOf(LocalDate day, ZoneId zone) {
        LocalDate monday = day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        String name = String.format(Locale.ROOT, "%04d-W%02d", monday.get(IsoFields.WEEK_BASED_YEAR),
                monday.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
        return new ReportPeriod(name, false, monday.atStartOfDay(zone), monday.plusWeeks(1).atStartOfDay(zone));
    }

    /** {@code 2026-11}: a month; refused with what is expected. */
    public static ReportPeriod parseMonth(String text, ZoneId zone) {
        Matcher m = MONTH.matcher(text);
        if (m.matches()) {
            try {
                return month(YearMonth.parse(text), zone);
            } catch (DateTimeParseException e) {
                // the message below
            }
        }
        throw new IllegalArgumentException("month '" + text + "': expected YYYY-MM, such as 2026-11");
    }

    /** {@code 2026-W48}: an ISO week; refused with what is expected. */
    public static ReportPeriod parseWeek(String text, ZoneId zone) {
        Matcher m = WEEK.matcher(text);
        if (m.matches()) {
            int year = Integer.parseInt(m.group(1));
            int week = Integer.parseInt(m.group(2));
            // 28 December always lies in the last ISO week of its year
            int last = LocalDate.of(year, 12, 28).get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
            if (week >= 1 && week <= last) {
                return weekOf(LocalDate.of(year, 1, 4).with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, week), zone);
            }
        }
        throw new IllegalArgumentException("week '" + text + "': expected an ISO week YYYY-Www, such as 2026-W48"
                + " (weeks 01 to 52, or 53 in a year that has one)");
    }

    /** The month before the one holding {@code now}. */
    public static ReportPeriod previousMonth(ZonedDateTime now) {
        return month(YearMonth.from(now).minusMonths(1), now.getZone());
    }

    /** The ISO week before the one holding {@code now}. */
    public static ReportPeriod previousWeek(ZonedDateTime now) {
        return weekOf(now.toLocalDate().minusWeeks(1), now.getZone());
    }

    public String kind() {
        return month ? "month" : "week";
    }
}
