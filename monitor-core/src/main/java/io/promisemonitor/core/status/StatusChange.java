package io.promisemonitor.core.status;

import io.promisemonitor.core.promise.Status;
import java.util.List;
import java.util.Optional;

/**
 * What recording one result did: the status now on disk, the one before it (empty for a first run or an
 * unreadable old file), whether the file was written at all, and the turns this run took (a maintenance window
 * began or ended, flapping began or ended), which the recorder tells as feed items and notifications.
 */
public record StatusChange(ServiceStatus current, Optional<ServiceStatus> previous, boolean written,
        List<Turn> turns) {

    public StatusChange {
        turns = List.copyOf(turns);
    }

    public StatusChange(ServiceStatus current, Optional<ServiceStatus> previous, boolean written) {
        this(current, previous, written, List.of());
    }

    /** True when the status differs from the previous one, or there was none: the cue for history and RSS. */
    public boolean statusChanged() {
        return previous.map(p -> p.status() != current.status()).orElse(true);
    }

    public Optional<Status> previousStatus() {
        return previous.map(ServiceStatus::status);
    }

    /**
     * A turn in how a service's results are told.
     *
     * @param message what the feed item says
     * @param statusBefore for an end: the confirmed status when it began, which tells whether to notify the
     *     status now; null for a start
     */
    public record Turn(Kind kind, String message, Status statusBefore) {

        public enum Kind {
            MAINTENANCE_STARTED, MAINTENANCE_ENDED, FLAPPING_STARTED, FLAPPING_ENDED
        }
    }
}
