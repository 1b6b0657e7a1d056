package io.promisemonitor.core.io;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Writes and reads the times the monitor itself writes, {@code 2026-12-04T23:00:00Z} (an instant, perhaps with milliseconds)
 * and {@code 2026-12-04T23:00:00+01:00} (a status file's date), without a {@link DateTimeFormatter}: a journal of a
 * day holds thousands of them, and the formatter's general parser was the largest part of reading one (and of a
 * cron line's run). Any other text is handed to the JDK's parser, which gives the same result for every text it
 * accepts and the same {@link java.time.format.DateTimeParseException} for every other one.
 */
public final class IsoTimes {

    private IsoTimes() {
    }

    /** The JDK's formatters, for what the hand-written ones below leave to them; made at first need. */
    private static final class Formatters {
        static final DateTimeFormatter OFFSET = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");
        static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");
    }

    /**
     * {@code t} as {@code uuuu-MM-dd'T'HH:mm:ssxxx} writes it ({@code 2026-12-04T23:00:00+00:00}, a status file's
     * dates), by hand: the formatter's first use was a good part of a cron line's run.
     */
    public static String format(OffsetDateTime t) {
        int offset = t.getOffset().getTotalSeconds();
        if (t.getYear() < 0 || t.getYear() > 9999 || offset % 60 != 0) {
            return Formatters.OFFSET.format(t);
        }
        StringBuilder b = local(new StringBuilder(25), t.toLocalDateTime());
        b.append(offset < 0 ? '-' : '+');
        int minutes = Math.abs(offset) / 60;
        two(b, minutes / 60).append(':');
        return two(b, minutes % 60).toString();
    }

    /** {@code t} at {@code zone} as {@link #format(OffsetDateTime)} writes it. */
    public static String format(Instant t, java.time.ZoneId zone) {
        return format(OffsetDateTime.ofInstant(t, zone));
    }

    /** {@code t} in UTC as {@code uuuu-MM-dd'T'HH:mm:ss} writes it ({@code 2026-12-04T23:00:00}: SlapOS's). */
    public static String formatLocal(Instant t) {
        java.time.LocalDateTime d = java.time.LocalDateTime.ofEpochSecond(t.getEpochSecond(), 0, ZoneOffset.UTC);
        if (d.getYear() < 0 || d.getYear() > 9999) {
            return Formatters.LOCAL.format(d);
        }
        return local(new StringBuilder(19), d).toString();
    }

    private static StringBuilder local(StringBuilder b, java.time.LocalDateTime d) {
        int y = d.getYear();
        b.append(y < 10 ? "000" : y < 100 ? "00" : y < 1000 ? "0" : "").append(y).append('-');
        two(b, d.getMonthValue()).append('-');
        two(b, d.getDayOfMonth()).append('T');
        two(b, d.getHour()).append(':');
        two(b, d.getMinute()).append(':');
        return two(b, d.getSecond());
    }

    private static StringBuilder two(StringBuilder b, int n) {
        return b.append((char) ('0' + n / 10)).append((char) ('0' + n % 10));
    }

    /** As {@link Instant#parse}. */
    public static Instant instant(CharSequence text) {
        int n = text.length();
        if ((n == 20 || n == 24) && text.charAt(n - 1) == 'Z') {
            long seconds = dateTime(text);
            int millis = n == 24 && text.charAt(19) == '.' ? digits(text, 20, 3) : n == 20 ? 0 : -1;
            if (seconds != Long.MIN_VALUE && millis >= 0) {
                return Instant.ofEpochSecond(seconds, millis * 1_000_000L);
            }
        }
        return Instant.parse(text);
    }

    /** As {@link OffsetDateTime#parse(CharSequence, DateTimeFormatter)} with the ISO offset date-time format. */
    public static OffsetDateTime offsetDateTime(CharSequence text) {
        int n = text.length();
        ZoneOffset offset = null;
        if (n == 20 && text.charAt(19) == 'Z') {
            offset = ZoneOffset.UTC;
        } else if (n == 25 && (text.charAt(19) == '+' || text.charAt(19) == '-') && text.charAt(22) == ':') {
            int hours = digits(text, 20, 2);
            int minutes = digits(text, 23, 2);
            if (hours >= 0 && hours <= 18 && minutes >= 0 && minutes <= 59) {
                int total = hours * 3600 + minutes * 60;
                offset = total <= 18 * 3600 ? ZoneOffset.ofTotalSeconds(text.charAt(19) == '-' ? -total : total) : null;
            }
        }
        if (offset != null) {
            long seconds = dateTime(text);
            if (seconds != Long.MIN_VALUE) {
                return OffsetDateTime.ofInstant(Instant.ofEpochSecond(seconds - offset.getTotalSeconds()), offset);
            }
        }
        return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    /**
     * The seconds since the epoch of {@code uuuu-MM-ddTHH:mm:ss} at the start of {@code text}, read as UTC; or
     * {@link Long#MIN_VALUE} when it is not exactly that (the JDK's parser then decides).
     */
    private static long dateTime(CharSequence text) {
        if (text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T' || text.charAt(13) != ':'
                || text.charAt(16) != ':') {
            return Long.MIN_VALUE;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0
                || second > 59) {
            return Long.MIN_VALUE;
        }
        try {
            return LocalDate.of(year, month, day).toEpochDay() * 86_400L + hour * 3600L + minute * 60L + second;
        } catch (DateTimeException e) {
            return Long.MIN_VALUE;
        }
    }

    /** The number the {@code count} ASCII digits at {@code from} write; -1 if one is not a digit. */
    private static int digits(CharSequence text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
