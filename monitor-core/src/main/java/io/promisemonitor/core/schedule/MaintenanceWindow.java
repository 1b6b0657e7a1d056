package io.promisemonitor.core.schedule;

import io.promisemonitor.core.promise.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A recurring maintenance window: {@code <cron> for <duration>}, such as {@code 0 3 * * 0 for 2h} (Sundays from
 * 03:00 to 05:00, in the monitor's time zone). A window must end before the next one starts.
 */
public record MaintenanceWindow(Schedule start, Duration length) {

    /** A year, a leap one included: the longest any duration of the configuration may be. */
    private static final Duration LONGEST = Duration.ofDays(366);
    private static final Pattern FORM = Pattern.compile("(.+?)\\s+for\\s+(\\S+)");
    /** Enough firings to meet the shortest gap of any schedule that repeats within a few years. */
    private static final int GAPS_MEASURED = 600;
    private static final ZonedDateTime MEASURE_FROM = ZonedDateTime.parse("2026-01-01T00:00:00Z");

    /**
     * Reads {@code <cron> for <duration>}; {@code duration} is parsed by the caller's rules (the configuration's
     * durations). Throws {@link IllegalArgumentException} quoting the value and what is allowed.
     */
    public static MaintenanceWindow parse(String text, Function<String, Duration> durations) {
        Matcher m = FORM.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text.strip() + "' is not a window; allowed: <cron> for"
                    + " <duration>, such as 0 3 * * 0 for 2h");
        }
        Schedule schedule;
        Duration length;
        try {
            schedule = Schedules.cron(m.group(1));
            length = durations.apply(m.group(2));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text.strip() + "': " + e.getMessage());
        }
        if (length.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException("'" + text.strip() + "': a window of " + m.group(2).strip()
                    + " is too long; allowed: up to 366d");
        }
        if (length.isZero()) {
            throw new IllegalArgumentException("'" + text.strip() + "': a window of 0s is not allowed; allowed: a"
                    + " duration above zero, such as 2h");
        }
        Duration period = shortestGap(schedule, length);
        if (length.compareTo(period) >= 0) {
            throw new IllegalArgumentException("'" + text.strip() + "': the window (" + m.group(2).strip()
                    + ") is not shorter than its period (" + Durations.format(period) + "); allowed: a window"
                    + " that ends before the next one starts");
        }
        return new MaintenanceWindow(schedule, length);
    }

    /** The end of the window {@code now} is in, in {@code zone}'s local time; empty outside every window. */
    public Optional<Instant> activeUntil(Instant now, ZoneId zone) {
        ZonedDateTime first = start.next(now.minus(length).atZone(zone));
        if (first.toInstant().isAfter(now)) {
            return Optional.empty();
        }
        return Optional.of(first.toInstant().plus(length));
    }

    /** The shortest gap between two starts found, stopping at the first as short as {@code enough}. */
    private static Duration shortestGap(Schedule schedule, Duration enough) {
        ZonedDateTime previous = schedule.next(MEASURE_FROM);
        Duration shortest = schedule.longestPeriod();
        for (int i = 0; i < GAPS_MEASURED && shortest.compareTo(enough) > 0; i++) {
            ZonedDateTime next = schedule.next(previous);
            Duration gap = Duration.between(previous, next);
            if (gap.compareTo(shortest) < 0) {
                shortest = gap;
            }
            previous = next;
        }
        return shortest;
    }

    @Override
    public String toString() {
        return start.expression() + " for " + Durations.format(length);
    }
}
