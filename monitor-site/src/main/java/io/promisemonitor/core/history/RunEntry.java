package io.promisemonitor.core.history;

import io.promisemonitor.core.promise.Status;
import java.time.Duration;
import java.time.Instant;

/** One run in a service's history: when it started, what it gave, how long it took. */
public record RunEntry(Instant time, Status status, String message, Duration executionTime) {
}
