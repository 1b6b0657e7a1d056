package io.promisemonitor.web.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Failed logins per client address: each failure is answered late, and after {@link #LIMIT} failures within
 * {@link #WINDOW} the client is refused (429) until the window is over; a success forgets its failures. Bounded:
 * at most {@link #MAX_CLIENTS} addresses are tracked, the oldest dropped first.
 */
final class LoginThrottle {

    static final int LIMIT = 10;
    static final Duration WINDOW = Duration.ofMinutes(10);
    static final Duration DELAY = Duration.ofSeconds(1);
    static final int MAX_CLIENTS = 10_000;

    private record Failures(int count, Instant first) {
    }

    private final Clock clock;
    private final Map<String, Failures> failures = new LinkedHashMap<>();

    LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long {@code client} must still wait, when it failed too often. */
    synchronized Optional<Duration> blocked(String client) {
        Failures f = failures.get(client);
        if (f == null || f.count < LIMIT) {
            return Optional.empty();
        }
        Duration left = Duration.between(clock.instant(), f.first.plus(WINDOW));
        if (left.isNegative() || left.isZero()) {
            failures.remove(client);
            return Optional.empty();
        }
        return Optional.of(left);
    }

    synchronized void failed(String client) {
        Instant now = clock.instant();
        Failures f = failures.remove(client);
        if (f == null || !now.isBefore(f.first.plus(WINDOW))) {
            f = new Failures(1, now);
        } else {
            f = new Failures(f.count + 1, f.first);
        }
        failures.put(client, f);
        if (failures.size() > MAX_CLIENTS) {
            Iterator<String> oldest = failures.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    synchronized void succeeded(String client) {
        failures.remove(client);
    }
}
