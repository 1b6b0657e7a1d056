package io.promisemonitor.cli;

import io.promisemonitor.core.config.ServiceConfig;
import io.promisemonitor.core.status.ServiceStatus;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which services a cron minute runs: those whose schedule fired since their last run started (so a service due this
 * minute, and one whose firing was missed while cron or the machine was down, both run once), and those that never
 * ran. Decided from the status files alone, so any runner (cron, the executor, a rerun) counts as a run.
 */
final class DueServices {

    private DueServices() {
    }

    static List<ServiceConfig> select(Collection<ServiceConfig> services,
            Function<String, Optional<ServiceStatus>> lastStatus, Instant now, ZoneId zone) {
        List<ServiceConfig> due = new ArrayList<>();
        for (ServiceConfig service : services) {
            if (isDue(service, lastStatus.apply(service.name()), now, zone)) {
                due.add(service);
            }
        }
        return due;
    }

    static boolean isDue(ServiceConfig service, Optional<ServiceStatus> last, Instant now, ZoneId zone) {
        if (last.isEmpty()) {
            return true;
        }
        Instant since = last.get().startDate().toInstant();
        if (since.isAfter(now)) {
            // The wall clock was set back: waiting for the firing after a run "in the future" would hold the service
            // back for the length of the jump; this minute's firing is what counts.
            since = now.truncatedTo(ChronoUnit.MINUTES).minusNanos(1);
        }
        return !service.frequency().next(since.atZone(zone)).toInstant().isAfter(now);
    }
}
