package io.promisemonitor.core.config;

import java.util.Locale;

/**
 * How uptime and the availability reports count time whose status is UNKNOWN or that nobody observed (no run, or
 * the executor not running): {@code report-unknown-as = down | up | excluded}.
 */
public enum UnknownAs {
    /** Counted as down: an SLA's reading, where what cannot be shown up is not up. */
    DOWN,
    /** Counted as up. */
    UP,
    /** Left out of the share, like maintenance; the report says how much was left out. */
    EXCLUDED;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    static UnknownAs parse(String raw) {
        return Values.word(raw, UnknownAs.class);
    }
}
