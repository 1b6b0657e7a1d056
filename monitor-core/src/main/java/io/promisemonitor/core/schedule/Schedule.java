package io.promisemonitor.core.schedule;

import java.time.Duration;
import java.time.ZonedDateTime;

/** When a service runs. Built by {@link Schedules#cron(String)}; cron-utils stays behind it. */
public interface Schedule {

    /**
     * The first firing strictly after {@code after}, in its zone. Across a daylight-saving change, cron's rule: a
     * job at a fixed hour and minute runs once (right after the change when its time is skipped), others follow
     * the clock.
     */
    ZonedDateTime next(ZonedDateTime after);

    /**
     * The longest gap between two consecutive firings in local time, leap years included, used to tell a stale
     * status (twice this plus the timeout).
     */
    Duration longestPeriod();

    /** The expression as written in the configuration. */
    String expression();
}
