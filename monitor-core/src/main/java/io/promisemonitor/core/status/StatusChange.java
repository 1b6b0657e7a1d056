package io.promisemonitor.core.status;

import io.promisemonitor.core.promise.Status;
import java.util.Optional;

/**
 * What recording one result did: the status now on disk, the one before it (empty for a first run or an
 * unreadable old file), and whether the file was written at all.
 */
public record StatusChange(ServiceStatus current, Optional<ServiceStatus> previous, boolean written) {

    /** True when the status differs from the previous one, or there was none: the cue for history and RSS. */
    public boolean statusChanged() {
        return previous.map(p -> p.status() != current.status()).orElse(true);
    }

    public Optional<Status> previousStatus() {
        return previous.map(ServiceStatus::status);
    }
}
