package io.promisemonitor.core.status;

import io.promisemonitor.core.promise.Status;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * What keeps a service's result from being news, as written in its status file beside {@code status}: a silence
 * or maintenance window ({@code silenced-until}, {@code silence-reason}, and the status it began with), the failing
 * services it depends on ({@code blocked-by}), a change not confirmed yet ({@code attempt} "2/3" and the
 * {@code attempt-status} it would change to), and {@code flapping}. {@link #NONE} when nothing holds.
 *
 * @param silencedUntil the end of the silence the last run was in, or null
 * @param statusBeforeSilence the confirmed status when that silence began (null for a first result)
 * @param attempt {@code "2/3"}: the second of three results needed to confirm a change; null when none is pending
 * @param attemptStatus the status that change would confirm; null with {@code attempt}
 */
public record Quieting(OffsetDateTime silencedUntil, String silenceReason, Status statusBeforeSilence,
        List<String> blockedBy, String attempt, Status attemptStatus, boolean flapping) {

    public static final Quieting NONE = new Quieting(null, null, null, List.of(), null, null, false);

    public Quieting {
        silencedUntil = silencedUntil == null ? null : silencedUntil.truncatedTo(ChronoUnit.SECONDS);
        silenceReason = silencedUntil == null || silenceReason == null || silenceReason.isEmpty() ? null
                : silenceReason;
        statusBeforeSilence = silencedUntil == null ? null : statusBeforeSilence;
        blockedBy = List.copyOf(blockedBy);
        if (attempt == null || attemptStatus == null) {
            attempt = null;
            attemptStatus = null;
        }
    }

    /**
     * True when nothing holds: the same as {@code equals(NONE)}, without the record's generated comparison, whose
     * first call spins some twenty method-handle classes (a tenth of the classes a cron line's JVM cannot take from
     * its class-data archive).
     */
    public boolean isNone() {
        return silencedUntil == null && blockedBy.isEmpty() && attempt == null && !flapping;
    }

    /** True when the run was in a silence (the status file says until when). */
    public boolean silenced() {
        return silencedUntil != null;
    }

    /** True while {@code now} is before the end of the silence the last run was in. */
    public boolean silencedAt(Instant now) {
        return silencedUntil != null && now.isBefore(silencedUntil.toInstant());
    }

    public boolean blocked() {
        return !blockedBy.isEmpty();
    }

    /** The count of the pending attempt: 2 for {@code "2/3"}; 0 when none is pending. */
    public int attemptCount() {
        if (attempt == null) {
            return 0;
        }
        int slash = attempt.indexOf('/');
        try {
            return Integer.parseInt(slash < 0 ? attempt : attempt.substring(0, slash));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
