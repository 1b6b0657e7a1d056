package io.promisemonitor.core.render;

import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.config.ServiceConfig;
import io.promisemonitor.core.history.HistoryStore;
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
 */
public record SiteState(MonitorConfig monitor, Instant now, ZoneId zone, List<ServiceConfig> services,
        Map<String, ServiceStatus> statuses, HistoryStore history, Optional<Instant> heartbeat, List<String> alerts,
        Duration refresh, int feedItems) {

    public SiteState {
        services = List.copyOf(services);
        statuses = Map.copyOf(statuses);
        alerts = List.copyOf(alerts);
    }
}
