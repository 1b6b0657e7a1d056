package io.promisemonitor.core.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.promisemonitor.core.history.HistoryEvent;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One status change as the hooks get it: the same facts as JSON (stdin of the command, body of the webhook) and
 * as {@code MONITOR_*} environment variables of the command. docs/dashboard.md lists both.
 */
public record ChangeNotice(String monitorTitle, String instance, HistoryEvent event, String link, String statusUrl,
        ZoneId zone) {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");

    public String json() {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("monitor", monitorTitle);
        n.put("service", event.service());
        n.put("title", event.title());
        n.put("status", event.status() == null ? null : event.status().name());
        n.put("previous-status", event.previous() == null ? null : event.previous().name());
        n.put("message", event.message());
        n.put("change-date", DATE.format(event.time().atZone(zone)));
        n.put("id", event.id());
        n.put("link", link);
        n.put("status-url", statusUrl);
        try {
            return MAPPER.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the notice of " + event.service(), e);
        }
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
        env.put("MONITOR_CHANGE_DATE", DATE.format(event.time().atZone(zone)));
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
