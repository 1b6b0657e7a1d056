package io.promisemonitor.core.notify;

import io.promisemonitor.core.io.IsoTimes;
import io.promisemonitor.core.history.HistoryEvent;
import io.promisemonitor.core.io.Json;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One status change as the hooks get it: the same facts as JSON (stdin of the command, body of the webhook) and
 * as {@code MONITOR_*} environment variables of the command. docs/dashboard.md lists both.
 */
public record ChangeNotice(String monitorTitle, String instance, HistoryEvent event, String link, String statusUrl,
        ZoneId zone) {


    public String json() {
        return Json.line(Json.object()
                .put("monitor", monitorTitle)
                .put("service", event.service())
                .put("title", event.title())
                .put("status", event.status() == null ? null : event.status().name())
                .put("previous-status", event.previous() == null ? null : event.previous().name())
                .put("message", event.message())
                .put("change-date", IsoTimes.format(event.time(), zone))
                .put("id", event.id())
                .put("link", link)
                .put("status-url", statusUrl));
    }

    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("MONITOR_INSTANCE", instance);
        env.put("MONITOR_TITLE", monitorTitle);
        env.put("MONITOR_SERVICE", event.service());
        env.put("MONITOR_SERVICE_TITLE", event.title());
        env.put("MONITOR_STATUS", event.status() == null ? "" : event.status().name());
        env.put("MONITOR_PREVIOUS_STATUS", event.previous() == null ? "" : event.previous().name());
        env.put("MONITOR_MESSAGE", event.message());
        env.put("MONITOR_CHANGE_DATE", IsoTimes.format(event.time(), zone));
        env.put("MONITOR_EVENT_ID", event.id());
        env.put("MONITOR_LINK", link);
        env.put("MONITOR_STATUS_URL", statusUrl);
        return env;
    }

    /** {@code disk: OK -> ERROR}, for log lines and problems. */
    public String summary() {
        return event.service() + ": " + (event.previous() == null ? "first result" : event.previous().name()) + " -> "
                + (event.status() == null ? "?" : event.status().name());
    }
}
