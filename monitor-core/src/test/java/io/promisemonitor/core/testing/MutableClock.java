package io.promisemonitor.core.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that tests set and advance by hand, so time-dependent code runs without sleeping. Clocks made by
 * {@link #withZone} share the same instant, so advancing one advances all of them. {@link #monotonicNanos} is
 * what {@code System.nanoTime()} would say: {@link #set} and {@link #advance} are time passing and move it,
 * {@link #jump} is someone changing the wall clock and does not.
 */
public final class MutableClock extends Clock {

    private final AtomicReference<Instant> now;
    /** The sum of the jumps, in nanoseconds: the wall clock minus this is the monotonic clock. */
    private final AtomicLong jumped;
    private final ZoneId zone;

    private MutableClock(AtomicReference<Instant> now, AtomicLong jumped, ZoneId zone) {
        this.now = now;
        this.jumped = jumped;
        this.zone = zone;
    }

    public static MutableClock at(Instant start, ZoneId zone) {
        return new MutableClock(new AtomicReference<>(start), new AtomicLong(), zone);
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

    /** The wall clock is changed by {@code step} (negative: back) while no time passes. */
    public Instant jump(Duration step) {
        jumped.addAndGet(step.toNanos());
        return advance(step);
    }

    public long monotonicNanos() {
        Instant t = now.get();
        return t.getEpochSecond() * 1_000_000_000L + t.getNano() - jumped.get();
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
        return new MutableClock(now, jumped, newZone);
    }

    @Override
    public String toString() {
        return "MutableClock[" + now.get() + ", " + zone + "]";
    }
}
