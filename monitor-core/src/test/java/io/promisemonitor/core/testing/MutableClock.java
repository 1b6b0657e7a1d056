package io.promisemonitor.core.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that tests set and advance by hand, so time-dependent code runs without sleeping. Clocks made by
 * {@link #withZone} share the same instant, so advancing one advances all of them.
 */
public final class MutableClock extends Clock {

    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    private MutableClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    public static MutableClock at(Instant start, ZoneId zone) {
        return new MutableClock(new AtomicReference<>(start), zone);
    }

    /** {@code MutableClock.at("2026-11-21T19:42:00Z")}, in UTC. */
    public static MutableClock at(String isoInstant) {
        return at(Instant.parse(isoInstant), ZoneOffset.UTC);
    }

    public void set(Instant instant) {
        now.set(instant);
    }

    public Instant advance(Duration step) {
        return now.updateAndGet(t -> t.plus(step));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId newZone) {
        return new MutableClock(now, newZone);
    }

    @Override
    public String toString() {
        return "MutableClock[" + now.get() + ", " + zone + "]";
    }
}
