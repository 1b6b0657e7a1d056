package io.promisemonitor.core.history;

import io.promisemonitor.core.promise.Status;
import java.time.Duration;
import java.time.Instant;

/**
 * One run in a service's history: when it started, what it gave, how long it took, and whether it ran in a
 * silence or maintenance window (such runs are not counted in the uptime).
 */
public record RunEntry(Instant time, Status status, String message, Duration executionTime, boolean silenced) {

    public RunEntry(Instant time, Status status, String message, Duration executionTime) {
        this(time, status, message, executionTime, false);
    }
}
