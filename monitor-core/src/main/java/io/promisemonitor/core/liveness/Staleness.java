package io.promisemonitor.core.liveness;

import io.promisemonitor.core.config.ServiceConfig;
import io.promisemonitor.core.status.ServiceStatus;
import java.time.Duration;
import java.time.Instant;

/**
 * Whether a status is too old to be believed. A service runs at least once per {@code longestPeriod} of its
 * schedule and a run lasts at most its timeout, so a result older than twice the period plus the timeout means
 * runs stopped happening: the executor died, or something holds the service's lock. The dashboard, {@code monitor
 * status} and {@code /metrics} all ask here, so they agree.
 */
public final class Staleness {

    private Staleness() {
    }

    /** True when {@code status} started more than {@code 2 x period + timeout} before {@code now}. */
    public static boolean isStale(ServiceStatus status, ServiceConfig service, Instant now) {
        return now.isAfter(staleAfter(status, service));
    }

    /** The instant after which {@code status} counts as stale. */
    public static Instant staleAfter(ServiceStatus status, ServiceConfig service) {
        return staleAfter(status.startDate().toInstant(), service);
    }

    /** The instant after which a result of a run started at {@code start} counts as stale. */
    public static Instant staleAfter(Instant start, ServiceConfig service) {
        return start.plus(limit(service));
    }

    /** Twice the schedule's longest period plus the timeout. */
    public static Duration limit(ServiceConfig service) {
        return service.resultLifetime();
    }
}
