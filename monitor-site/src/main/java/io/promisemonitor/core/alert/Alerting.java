package io.promisemonitor.core.alert;

import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.config.MonitorKeys;
import io.promisemonitor.core.config.ServiceConfig;
import io.promisemonitor.core.liveness.Heartbeat;
import io.promisemonitor.core.status.StatusStore;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The alert loops of an instance, for the processes that send them: the executor (and a cron minute's
 * {@code run-due}) alerts its services; {@code monitor serve} alerts a stopped executor, which cannot say so itself.
 * Empty when {@code alertmanager-url-list} is not set.
 */
public final class Alerting {

    private Alerting() {
    }

    /** {@code PromiseFailed} and {@code PromiseStale} from the status files; {@code configs} tells STALE. */
    public static Optional<AlertLoop> services(MonitorConfig monitor, Clock clock,
            Function<String, Optional<ServiceConfig>> configs) {
        return client(monitor).map(client -> {
            AlertRules rules = rules(monitor);
            StatusStore store = StatusStore.of(monitor, clock);
            return new AlertLoop(client, monitor.stateFolder().resolve("alerts.json"), clock,
                    now -> rules.services(store.readAll(), configs, now));
        });
    }

    /** {@code MonitorDown} from the executor's heartbeat file. */
    public static Optional<AlertLoop> executorHeartbeat(MonitorConfig monitor, Clock clock) {
        return client(monitor).map(client -> {
            AlertRules rules = rules(monitor);
            return new AlertLoop(client, monitor.stateFolder().resolve("alerts-monitor-down.json"), clock,
                    now -> rules.monitorDown(Heartbeat.read(monitor), now).stream().toList());
        });
    }

    private static Optional<AlertmanagerClient> client(MonitorConfig monitor) {
        List<URI> members = monitor.settings().get(MonitorKeys.ALERTMANAGER_URL_LIST);
        return members.isEmpty() ? Optional.empty() : Optional.of(new AlertmanagerClient(members));
    }

    static AlertRules rules(MonitorConfig monitor) {
        Map<String, String> labels = monitor.settings().get(MonitorKeys.ALERT_LABELS);
        return new AlertRules(monitor.title(), instanceLabel(monitor), monitor.baseUrl(), labels);
    }

    /** The base URL, or the host name and the instance root when there is none. */
    static String instanceLabel(MonitorConfig monitor) {
        if (monitor.baseUrl().isPresent()) {
            return monitor.baseUrl().get().toString();
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return host + ":" + monitor.instanceRoot();
    }
}
