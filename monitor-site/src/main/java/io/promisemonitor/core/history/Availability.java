package io.promisemonitor.core.history;

import io.promisemonitor.core.config.UnknownAs;
import java.time.Duration;

/**
 * How one service's time in a period was spent, in milliseconds: up (OK or WARNING), down (ERROR), UNKNOWN, not
 * observed (no valid result: no run, or the executor not running) and maintenance (runs under a silence). The five
 * add up to the period.
 */
public record Availability(long up, long down, long unknown, long notObserved, long maintenance) {

    public long total() {
        return up + down + unknown + notObserved + maintenance;
    }

    /**
     * The share of the counted time that was up, under {@code rule} for UNKNOWN and not-observed time; maintenance
     * never counts. NaN when nothing counts.
     */
    public double share(UnknownAs rule) {
        long grey = unknown + notObserved;
        long counted = up + down + (rule == UnknownAs.EXCLUDED ? 0 : grey);
        long good = up + (rule == UnknownAs.UP ? grey : 0);
        return counted == 0 ? Double.NaN : (double) good / counted;
    }

    /** The share of the period nobody observed; NaN for an empty period. */
    public double notObservedShare() {
        return total() == 0 ? Double.NaN : (double) notObserved / total();
    }

    public Duration notObservedTime() {
        return Duration.ofMillis(notObserved);
    }
}
