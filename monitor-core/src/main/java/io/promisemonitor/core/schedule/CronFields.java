package io.promisemonitor.core.schedule;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The five fields of an expression cron-utils has already accepted, as sets of values. cron-utils answers "when
 * next" in a quarter of a millisecond and knows nothing of the longest gap or of daylight saving; with the sets,
 * both are plain arithmetic on local date-times.
 */
final class CronFields {

    /** The Gregorian calendar repeats every 400 years, weekdays included: every gap is seen within one cycle. */
    static final int CYCLE_DAYS = 146_097;

    private static final LocalDate CYCLE_START = LocalDate.of(2000, 1, 1);

    private static final Map<String, Integer> MONTHS = Map.ofEntries(Map.entry("JAN", 1), Map.entry("FEB", 2),
            Map.entry("MAR", 3), Map.entry("APR", 4), Map.entry("MAY", 5), Map.entry("JUN", 6), Map.entry("JUL", 7),
            Map.entry("AUG", 8), Map.entry("SEP", 9), Map.entry("OCT", 10), Map.entry("NOV", 11),
            Map.entry("DEC", 12));
    private static final Map<String, Integer> DAYS = Map.of("SUN", 0, "MON", 1, "TUE", 2, "WED", 3, "THU", 4,
            "FRI", 5, "SAT", 6);

    private final long minutes;
    private final long hours;
    private final long daysOfMonth;
    private final long months;
    private final long daysOfWeek;
    /** Cron's rule: when both day fields are restricted, a day matching either one fires. */
    private final boolean eitherDay;
    /**
     * Hour and minute both given without {@code *} or a step: cron's daylight-saving rule applies (runs once when
     * the hour is skipped or repeated). Other jobs follow the clock as it is.
     */
    private final boolean fixedTime;
    /** Minutes of the day that fire, ascending. */
    private final int[] times;
    /** The day fields as written: walking 400 years of days takes milliseconds, so each day part is walked once. */
    private final String dayPart;

    private static final Map<String, Integer> LONGEST_DAYS = new ConcurrentHashMap<>();

    private CronFields(String[] f) {
        minutes = values(f[0], 0, 59, Map.of());
        hours = values(f[1], 0, 23, Map.of());
        daysOfMonth = values(f[2], 1, 31, Map.of());
        months = values(f[3], 1, 12, MONTHS);
        long dow = values(f[4], 0, 7, DAYS);
        // 7 is Sunday too
        daysOfWeek = (dow | (dow >>> 7)) & 0x7F;
        eitherDay = !f[2].startsWith("*") && !f[4].startsWith("*");
        dayPart = f[2] + " " + f[3] + " " + f[4];
        fixedTime = !f[0].contains("*") && !f[0].contains("/") && !f[1].contains("*") && !f[1].contains("/");
        int n = Long.bitCount(minutes) * Long.bitCount(hours);
        times = new int[n];
        int i = 0;
        for (int h = 0; h < 24; h++) {
            for (int m = 0; m < 60; m++) {
                if (has(hours, h) && has(minutes, m)) {
                    times[i++] = h * 60 + m;
                }
            }
        }
    }

    /** {@code cronText}: five fields separated by single spaces, already accepted by cron-utils. */
    static CronFields parse(String cronText) {
        return new CronFields(cronText.split(" "));
    }

    boolean fixedTime() {
        return fixedTime;
    }

    boolean firesOn(LocalDate day) {
        if (!has(months, day.getMonthValue())) {
            return false;
        }
        boolean dom = has(daysOfMonth, day.getDayOfMonth());
        // cron counts Sunday as 0, java.time as 7
        boolean dow = has(daysOfWeek, day.getDayOfWeek().getValue() % 7);
        return eitherDay ? dom || dow : dom && dow;
    }

    /** The first firing strictly after {@code after}, in local time; null when no day fires (never fires). */
    LocalDateTime nextLocal(LocalDateTime after) {
        LocalDate day = after.toLocalDate();
        int minute = after.getHour() * 60 + after.getMinute();
        for (int i = 0; i <= CYCLE_DAYS; i++, day = day.plusDays(1), minute = -1) {
            if (!firesOn(day)) {
                continue;
            }
            for (int t : times) {
                if (t > minute) {
                    return day.atTime(LocalTime.of(t / 60, t % 60));
                }
            }
        }
        return null;
    }

    /**
     * The longest gap between two consecutive firings in local time, over a whole 400-year cycle (a job on 29
     * February waits eight years across 2100); null when the expression never fires.
     */
    java.time.Duration longestGap() {
        Integer longestDays = dayPart.equals("* * *") ? Integer.valueOf(1) : LONGEST_DAYS.get(dayPart);
        if (longestDays == null) {
            longestDays = longestDayGap();
            if (LONGEST_DAYS.size() < 10_000) {
                LONGEST_DAYS.put(dayPart, longestDays);
            }
        }
        if (longestDays == 0) {
            return null;
        }
        int longestInDay = 0;
        for (int i = 1; i < times.length; i++) {
            longestInDay = Math.max(longestInDay, times[i] - times[i - 1]);
        }
        long acrossDays = longestDays * 1440L - (times[times.length - 1] - times[0]);
        return java.time.Duration.ofMinutes(Math.max(longestInDay, acrossDays));
    }

    /** The longest gap in days between two firing days over the cycle; 0 when no day fires. */
    private int longestDayGap() {
        int firstDay = -1;
        int previousDay = -1;
        int longestDays = 0;
        LocalDate day = CYCLE_START;
        for (int i = 0; i < CYCLE_DAYS; i++, day = day.plusDays(1)) {
            if (firesOn(day)) {
                if (firstDay < 0) {
                    firstDay = i;
                } else {
                    longestDays = Math.max(longestDays, i - previousDay);
                }
                previousDay = i;
            }
        }
        return firstDay < 0 ? 0 : Math.max(longestDays, firstDay + CYCLE_DAYS - previousDay);
    }

    private static boolean has(long set, int value) {
        return (set & (1L << value)) != 0;
    }

    /** A field's values: lists of {@code *}, {@code a}, {@code a-b}, each with an optional {@code /step}. */
    private static long values(String field, int min, int max, Map<String, Integer> names) {
        long set = 0;
        for (String part : field.split(",")) {
            int slash = part.indexOf('/');
            String range = slash < 0 ? part : part.substring(0, slash);
            int step = slash < 0 ? 1 : Integer.parseInt(part.substring(slash + 1));
            int from;
            int to;
            if (range.equals("*")) {
                from = min;
                to = max;
            } else {
                int dash = range.indexOf('-');
                from = number(dash < 0 ? range : range.substring(0, dash), names);
                // "5/15" means from 5 to the end, every 15
                to = dash >= 0 ? number(range.substring(dash + 1), names) : slash >= 0 ? max : from;
            }
            if (from < min || to > max || from > to || step < 1) {
                throw new IllegalArgumentException("'" + part + "' is not a range of " + min + "-" + max);
            }
            for (int v = from; v <= to; v += step) {
                set |= 1L << v;
            }
        }
        return set;
    }

    private static int number(String text, Map<String, Integer> names) {
        Integer named = names.get(text.toUpperCase(Locale.ROOT));
        return named != null ? named : Integer.parseInt(text);
    }
}
