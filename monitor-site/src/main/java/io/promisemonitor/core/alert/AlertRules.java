package io.promisemonitor.core.alert;

import io.promisemonitor.core.config.ServiceConfig;
import io.promisemonitor.core.liveness.Heartbeat;
import io.promisemonitor.core.liveness.Staleness;
import io.promisemonitor.core.promise.Status;
import io.promisemonitor.core.publish.UrlLayout;
import io.promisemonitor.core.status.ServiceStatus;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which alerts fire now: {@code PromiseFailed} for a service whose status is not OK (its last confirmed status, so
 * an unconfirmed failure does not fire), {@code PromiseStale} for one whose status is too old to be believed (the
 * same rule as the dashboard's STALE), {@code MonitorDown} when the executor's heartbeat stopped. A service in a
 * silence or maintenance window, or blocked by a failing dependency, fires nothing. Each firing alert ends
 * {@link #HOLD} after now, so Alertmanager resolves it by itself if the monitor stops re-sending it (it is re-sent
 * every minute while it holds).
 */
public final class AlertRules {

    /** Four re-send intervals, as Prometheus does for its own alerts. */
    public static final Duration HOLD = Duration.ofMinutes(4);

    public static final String FAILED = "PromiseFailed";
    public static final String STALE = "PromiseStale";
    public static final String MONITOR_DOWN = "MonitorDown";

    private final String monitorTitle;
    private final String instance;
    private final Optional<URI> baseUrl;
    private final Map<String, String> extraLabels;

    /**
     * @param instance the {@code instance} label: the monitor's base URL, or host and instance root without one
     * @param extraLabels the {@code alert-labels} of monitor.conf, on every alert
     */
    public AlertRules(String monitorTitle, String instance, Optional<URI> baseUrl, Map<String, String> extraLabels) {
        this.monitorTitle = monitorTitle;
        this.instance = instance;
        this.baseUrl = baseUrl;
        this.extraLabels = Map.copyOf(extraLabels);
    }

    /** The alerts of the services, from their last statuses; a service without a configuration is not judged STALE. */
    public List<Alert> services(List<ServiceStatus> statuses, Function<String, Optional<ServiceConfig>> configs,
            Instant now) {
        List<Alert> firing = new ArrayList<>();
        for (ServiceStatus s : statuses) {
            if (s.quieting().silencedAt(now) || s.quieting().blocked()) {
                // in maintenance, or failing because a dependency fails (whose own alert says it)
                continue;
            }
            Optional<ServiceConfig> config = configs.apply(s.id());
            if (config.isPresent() && Staleness.isStale(s, config.get(), now)) {
                firing.add(alert(STALE, s, "STALE", "warning", "no result since " + s.startDate().toInstant()
                        + " (its schedule runs it at least every " + config.get().frequency().longestPeriod() + ")",
                        Staleness.staleAfter(s, config.get()), now));
            } else if (s.status() != Status.OK) {
                firing.add(alert(FAILED, s, s.status().name(), s.status() == Status.ERROR ? "critical" : "warning",
                        s.message(), s.changeDate().toInstant(), now));
            }
        }
        return firing;
    }

    /** {@code MonitorDown} when the executor's last heartbeat is old or missing. */
    public Optional<Alert> monitorDown(Optional<Instant> lastHeartbeat, Instant now) {
        if (lastHeartbeat.isPresent() && !Heartbeat.isOld(lastHeartbeat.get(), now)) {
            return Optional.empty();
        }
        Map<String, String> labels = labels(MONITOR_DOWN, null, "DOWN", "critical");
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("summary", lastHeartbeat.map(t -> "the executor's last heartbeat was at " + t)
                .orElse("the executor never wrote a heartbeat"));
        lastHeartbeat.ifPresent(t -> annotations.put("since", t.toString()));
        return Optional.of(Alert.of(labels, annotations, lastHeartbeat.orElse(now), now.plus(HOLD),
                baseUrl.map(AlertRules::root)));
    }

    private Alert alert(String name, ServiceStatus s, String status, String severity, String summary, Instant since,
            Instant now) {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("summary", summary);
        annotations.put("since", since.toString());
        annotations.put("title", s.title());
        return Alert.of(labels(name, s.id(), status, severity), annotations, since, now.plus(HOLD),
                baseUrl.map(u -> root(u).resolve(UrlLayout.servicePageHref(s.id()))));
    }

    private static URI root(URI base) {
        return URI.create(UrlLayout.withTrailingSlash(base));
    }

    private Map<String, String> labels(String name, String service, String status, String severity) {
        Map<String, String> labels = new LinkedHashMap<>(extraLabels);
        labels.put("alertname", name);
        if (service != null) {
            labels.put("service", service);
        }
        labels.put("monitor", monitorTitle);
        labels.put("instance", instance);
        labels.put("status", status);
        labels.put("severity", severity);
        return labels;
    }
}
