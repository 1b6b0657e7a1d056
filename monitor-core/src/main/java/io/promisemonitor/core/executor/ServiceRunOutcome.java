package io.promisemonitor.core.executor;

import io.promisemonitor.core.status.ServiceStatus;
import java.util.Objects;
import java.util.Optional;

/**
 * What became of one requested run: the status it recorded, or why it did not run (another process held the
 * service's lock); and why it was asked for.
 */
public record ServiceRunOutcome(String service, Optional<ServiceStatus> status, String skippedBecause,
        RunReason reason) {

    public ServiceRunOutcome {
        Objects.requireNonNull(reason, "reason");
    }

    public static ServiceRunOutcome ran(String service, ServiceStatus status, RunReason reason) {
        return new ServiceRunOutcome(service, Optional.of(status), null, reason);
    }

    public static ServiceRunOutcome skipped(String service, String why, RunReason reason) {
        return new ServiceRunOutcome(service, Optional.empty(), why, reason);
    }

    public boolean ran() {
        return status.isPresent();
    }
}
