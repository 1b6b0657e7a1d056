package io.promisemonitor.core.executor;

import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * Tells someone changing the wall clock from time passing. Next-run times are wall-clock instants (cron speaks in
 * wall time), so after a jump back they all lie in a future that is the jump's length away, and after a jump
 * forward they all look overdue at once. The executor asks here at every tick and plans again when told of a jump.
 */
final class ClockJumps {

    /** Smaller steps (NTP's) only shift a run by as much; they are not worth planning again for. */
    static final Duration THRESHOLD = Duration.ofSeconds(5);

    private final LongSupplier monotonicNanos;
    private Instant lastWall;
    private long lastMonotonic;

    /**
     * {@code monotonicNanos} ({@code System::nanoTime}) tells both ways; without it (null) the wall clock alone can
     * only tell a jump back, as a forward jump looks like time passing.
     */
    ClockJumps(LongSupplier monotonicNanos) {
        this.monotonicNanos = monotonicNanos;
    }

    /** The wall clock's jump since the last call (negative: back), or zero. */
    Duration since(Instant wall) {
        long monotonic = monotonicNanos == null ? 0 : monotonicNanos.getAsLong();
        Duration jump = Duration.ZERO;
        if (lastWall != null) {
            Duration wallStep = Duration.between(lastWall, wall);
            Duration drift = monotonicNanos == null ? (wallStep.isNegative() ? wallStep : Duration.ZERO)
                    : wallStep.minusNanos(monotonic - lastMonotonic);
            if (drift.abs().compareTo(THRESHOLD) >= 0) {
                jump = drift;
            }
        }
        lastWall = wall;
        lastMonotonic = monotonic;
        return jump;
    }
}
