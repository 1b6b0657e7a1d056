package io.promisemonitor.core.schedule;

import java.time.Duration;
import java.time.ZonedDateTime;

/** When a service runs. Built by {@link Schedules#cron(String)}; cron-utils stays behind it. */
public interface Schedule {

    /** The first firing strictly after {@code after}. */
    ZonedDateTime next(ZonedDateTime after);

    /** The longest gap between two firings, used to tell a stale status (twice this plus the timeout). */
    Duration longestPeriod();

    /** The expression as written in the configuration. */
    String expression();
}
