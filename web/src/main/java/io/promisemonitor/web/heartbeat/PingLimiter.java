package io.promisemonitor.web.heartbeat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pings allowed per service: a bucket of {@link #BURST} that refills one ping every {@link #REFILL}. A job that
 * pings start and end every minute never meets it; a loop gone wrong pinging without pause cannot make the web
 * process rewrite a state file thousands of times a second. Only known services get a bucket, so the map is as
 * big as the list of heartbeat services.
 */
final class PingLimiter {

    static final int BURST = 10;
    static final Duration REFILL = Duration.ofSeconds(6);

    private final Clock clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens = BURST;
        Instant at;

        Bucket(Instant at) {
            this.at = at;
        }
    }

    PingLimiter(Clock clock) {
        this.clock = clock;
    }

    /** Empty when the ping may go on; else how long until the next one is allowed. */
    java.util.Optional<Duration> take(String service) {
        Instant now = clock.instant();
        Bucket b = buckets.computeIfAbsent(service, s -> new Bucket(now));
        synchronized (b) {
            if (now.isAfter(b.at)) {
                double refilled = (double) Duration.between(b.at, now).toMillis() / REFILL.toMillis();
                b.tokens = Math.min(BURST, b.tokens + refilled);
                b.at = now;
            }
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return java.util.Optional.empty();
            }
            long wait = (long) Math.ceil((1 - b.tokens) * REFILL.toMillis());
            return java.util.Optional.of(Duration.ofMillis(wait));
        }
    }

    /** The allowance in words, for the 429 answer. */
    static String allowance() {
        return BURST + " at once, then one every " + REFILL.toSeconds() + " seconds";
    }
}
