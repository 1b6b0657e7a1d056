package io.promisemonitor.core.history;

import io.promisemonitor.core.promise.Status;

/**
 * A stretch of time one status held for a service: consecutive runs with the same status and silence merged, from
 * the first run's start to when the last one's result stopped being valid ({@code valid-until}) or the next run
 * began, whichever came first. In epoch milliseconds: a month of them per service is kept in memory.
 */
public record Span(long from, long to, Status status, boolean silenced) {

    /** A run whose validity is not known (a journal line written before {@code valid-until}): until the next run. */
    public static final long UNTIL_NEXT_RUN = Long.MAX_VALUE;

    Span withTo(long newTo) {
        return new Span(from, newTo, status, silenced);
    }
}
