package io.promisemonitor.core.dashboard;

import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.config.MonitorKeys;
import io.promisemonitor.core.config.Settings;
import io.promisemonitor.core.config.UnknownAs;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The dashboard's keys of {@code monitor.conf}. */
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
        Settings s = monitor.settings();
        return new DashboardSettings(
                s.get(MonitorKeys.TEMPLATES_FOLDER),
                s.get(MonitorKeys.RENDER_INTERVAL),
                s.get(MonitorKeys.DASHBOARD_REFRESH),
                s.get(MonitorKeys.HISTORY_RUNS),
                s.get(MonitorKeys.HISTORY_CHANGES),
                s.get(MonitorKeys.HISTORY_KEEP_REMOVED),
                s.get(MonitorKeys.HISTORY_PUBLISH_INTERVAL),
                s.get(MonitorKeys.FEED_ITEMS),
                s.get(MonitorKeys.NOTIFY_COMMAND),
                s.get(MonitorKeys.NOTIFY_URL),
                s.get(MonitorKeys.NOTIFY_TIMEOUT),
                s.get(MonitorKeys.NOTIFY_RETRIES),
                s.get(MonitorKeys.NOTIFY_RETRY_DELAY),
                s.get(MonitorKeys.HISTORY_KEEP),
                s.get(MonitorKeys.REPORT_UNKNOWN_AS));
    }
}
