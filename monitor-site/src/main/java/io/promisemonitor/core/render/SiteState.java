package io.promisemonitor.core.render;

import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.config.ServiceConfig;
import io.promisemonitor.core.config.UnknownAs;
import io.promisemonitor.core.history.HistoryStore;
import io.promisemonitor.core.liveness.ExecutorGaps;
import io.promisemonitor.core.status.ServiceStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything one render shows, taken at one instant.
 *
 * @param services the configured services, broken ones included
 * @param statuses the last status of each service that has one
 * @param heartbeat the executor's last heartbeat, if its file was found
 * @param alerts problems to show above the table (failed notification hooks)
 * @param refresh how often an open page polls for changes
 * @param feedItems the most items of a feed
 * @param gaps when the executor was not running, oldest first: not observed time for uptime
 * @param unknownAs how uptime counts UNKNOWN and not-observed time
 */
public record SiteState(MonitorConfig monitor, Instant now, ZoneId zone, List<ServiceConfig> services,
        Map<String, ServiceStatus> statuses, HistoryStore history, Optional<Instant> heartbeat, List<String> alerts,
        Duration refresh, int feedItems, List<ExecutorGaps.Gap> gaps, UnknownAs unknownAs) {

    public SiteState {
        services = List.copyOf(services);
        statuses = Map.copyOf(statuses);
        alerts = List.copyOf(alerts);
        gaps = List.copyOf(gaps);
    }

    /** Without executor gaps, UNKNOWN and not-observed time left out of uptime. */
    public SiteState(MonitorConfig monitor, Instant now, ZoneId zone, List<ServiceConfig> services,
            Map<String, ServiceStatus> statuses, HistoryStore history, Optional<Instant> heartbeat, List<String> alerts,
            Duration refresh, int feedItems) {
        this(monitor, now, zone, services, statuses, history, heartbeat, alerts, refresh, feedItems, List.of(),
                UnknownAs.EXCLUDED);
    }
}
