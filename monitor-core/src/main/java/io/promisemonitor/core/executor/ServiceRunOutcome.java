package io.promisemonitor.core.executor;

import io.promisemonitor.core.status.ServiceStatus;
import java.util.Optional;

/**
 * What became of one requested run: the status it recorded, or why it did not run (another process held the
 * service's lock).
 */
public record ServiceRunOutcome(String service, Optional<ServiceStatus> status, String skippedBecause) {

    public static ServiceRunOutcome ran(String service, ServiceStatus status) {
        return new ServiceRunOutcome(service, Optional.of(status), null);
    }

    public static ServiceRunOutcome skipped(String service, String reason) {
        return new ServiceRunOutcome(service, Optional.empty(), reason);
    }

    public boolean ran() {
        return status.isPresent();
    }
}
