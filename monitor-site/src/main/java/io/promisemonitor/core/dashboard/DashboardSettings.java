package io.promisemonitor.core.dashboard;

import io.promisemonitor.core.config.ConfigKey;
import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.config.MonitorKeys;
import io.promisemonitor.core.config.UnknownAs;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The dashboard's keys of {@code monitor.conf}, with their defaults also for a configuration built in code
 * (whose settings hold no value).
 */
public record DashboardSettings(
        Optional<Path> templatesFolder,
        Duration renderInterval,
        Duration refresh,
        int historyRuns,
        int historyChanges,
        Duration keepRemoved,
        Duration historyPublishInterval,
        int feedItems,
        List<String> notifyCommand,
        Optional<URI> notifyUrl,
        Duration notifyTimeout,
        int notifyRetries,
        Duration notifyRetryDelay,
        Duration historyKeep,
        UnknownAs unknownAs) {

    public DashboardSettings {
        notifyCommand = List.copyOf(notifyCommand);
    }

    public static DashboardSettings of(MonitorConfig monitor) {
        return new DashboardSettings(
                get(monitor, MonitorKeys.TEMPLATES_FOLDER, Optional.empty()),
                get(monitor, MonitorKeys.RENDER_INTERVAL, Duration.ofSeconds(5)),
                get(monitor, MonitorKeys.DASHBOARD_REFRESH, Duration.ofSeconds(30)),
                get(monitor, MonitorKeys.HISTORY_RUNS, 1000),
                get(monitor, MonitorKeys.HISTORY_CHANGES, 200),
                get(monitor, MonitorKeys.HISTORY_KEEP_REMOVED, Duration.ofDays(30)),
                get(monitor, MonitorKeys.HISTORY_PUBLISH_INTERVAL, Duration.ofMinutes(5)),
                get(monitor, MonitorKeys.FEED_ITEMS, 100),
                get(monitor, MonitorKeys.NOTIFY_COMMAND, List.of()),
                get(monitor, MonitorKeys.NOTIFY_URL, Optional.empty()),
                get(monitor, MonitorKeys.NOTIFY_TIMEOUT, Duration.ofSeconds(10)),
                get(monitor, MonitorKeys.NOTIFY_RETRIES, 3),
                get(monitor, MonitorKeys.NOTIFY_RETRY_DELAY, Duration.ofSeconds(5)),
                get(monitor, MonitorKeys.HISTORY_KEEP, Duration.ofDays(62)),
                get(monitor, MonitorKeys.REPORT_UNKNOWN_AS, UnknownAs.EXCLUDED));
    }

    private static <T> T get(MonitorConfig monitor, ConfigKey<T> key, T fallback) {
        T value = monitor.settings().get(key);
        return value == null ? fallback : value;
    }
}
