package io.promisemonitor.core.fleet;

import io.promisemonitor.core.io.Json;
import io.promisemonitor.core.liveness.Heartbeat;
import io.promisemonitor.core.publish.UrlLayout;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads one related monitor: its {@code monitor.haljson}, its executor's heartbeat and each service's status file,
 * within {@link FleetLimits}. What cannot be read as a monitor (no answer, an error, garbage, too much, a redirect
 * loop) makes it unreachable with the reason; a status file that is wrong makes only its service UNKNOWN.
 */
final class MonitorReader {

    static final int MESSAGE_CHARS = 1000;
    private static final Set<String> STATUSES = Set.of("OK", "WARNING", "ERROR", "UNKNOWN");

    private final RemoteFiles files;
    private final FleetLimits limits;

    MonitorReader(RemoteFiles files, FleetLimits limits) {
        this.files = files;
        this.limits = limits;
    }

    /** The monitor at {@code base} now; {@code unreachable} gives the view when it cannot be read. */
    MonitorView read(URI base, Instant now) throws Unreachable {
        long deadline = System.nanoTime() + limits.monitorTimeout().toNanos();
        URI root = URI.create(UrlLayout.withTrailingSlash(base));
        URI halUrl = root.resolve(UrlLayout.HAL_JSON);
        Map<String, Object> hal;
        try {
            hal = json(halUrl, files.get(halUrl, limits.indexBytes(), deadline));
        } catch (RemoteFiles.Missing e) {
            throw new Unreachable(e.getMessage() + " (no monitor.haljson: is this a monitor's base URL?)");
        }
        Map<String, Object> embedded = Json.asObject(hal.get("_embedded"));
        if (embedded == null || !(embedded.get("service") instanceof List<?> list)) {
            throw new Unreachable(halUrl + ": not a monitor.haljson (no _embedded.service list)");
        }
        if (list.size() > limits.maxServices()) {
            throw new Unreachable(halUrl + ": lists " + list.size() + " services; at most " + limits.maxServices()
                    + " are read");
        }
        String title = text(hal.get("title")).orElse("");
        Optional<Instant> heartbeat = Optional.empty();
        String heartbeatNote = "";
        URI beatUrl = root.resolve(Heartbeat.FILE);
        try {
            heartbeat = Optional.of(beat(beatUrl, files.get(beatUrl, limits.fileBytes(), deadline)));
        } catch (RemoteFiles.Missing e) {
            heartbeatNote = "no executor heartbeat published (" + e.getMessage() + ")";
        } catch (Unreachable e) {
            heartbeatNote = "executor heartbeat unreadable: " + e.getMessage();
        }
        List<ServiceView> services = new ArrayList<>();
        for (Object element : list) {
            Map<String, Object> item = Json.asObject(element);
            Optional<String> id = text(item == null ? null : item.get("id")).filter(s -> !s.isEmpty());
            if (id.isEmpty()) {
                continue;
            }
            services.add(service(root, halUrl, id.get(), item, deadline));
        }
        services.sort(Comparator.comparingInt(ServiceView::severity).reversed().thenComparing(ServiceView::id));
        if (heartbeat.isPresent() && Heartbeat.isOld(heartbeat.get(), now)) {
            return new MonitorView(root, title, MonitorView.State.EXECUTOR_DOWN, "executor not running: its"
                    + " heartbeat is older than " + Heartbeat.OLD_AFTER.toMinutes() + " min", heartbeat, heartbeat,
                    services);
        }
        return new MonitorView(root, title, MonitorView.State.OK, heartbeatNote, Optional.empty(), heartbeat,
                services);
    }

    private ServiceView service(URI root, URI halUrl, String id, Map<String, Object> item, long deadline)
            throws Unreachable {
        String title = text(item.get("title")).filter(s -> !s.isEmpty()).orElse(id);
        String page = root.resolve(UrlLayout.servicePageHref(id)).toString();
        Map<String, Object> links = Json.asObject(item.get("_links"));
        Map<String, Object> statusLink = links == null ? null : Json.asObject(links.get("status"));
        Optional<String> href = text(statusLink == null ? null : statusLink.get("href"));
        URI statusUrl;
        try {
            statusUrl = halUrl.resolve(href.orElse(UrlLayout.statusHref(id)));
        } catch (IllegalArgumentException e) {
            return unknown(id, title, page, root.toString(), "status link '" + RemoteFiles.cut(href.orElse(""))
                    + "' is not a URL");
        }
        // The monitor's own files only: a listing must not send this monitor to read other hosts.
        if (!sameOrigin(root, statusUrl)) {
            return unknown(id, title, page, root.toString(), "status link " + RemoteFiles.cut(statusUrl.toString())
                    + " leaves the monitor " + root + "; not read");
        }
        Map<String, Object> status;
        try {
            status = json(statusUrl, files.get(statusUrl, limits.fileBytes(), deadline));
        } catch (RemoteFiles.Missing e) {
            return new ServiceView(id, title, "PENDING", "no result yet", Optional.empty(), Optional.empty(), page,
                    statusUrl.toString());
        } catch (Unreachable e) {
            if (System.nanoTime() - deadline >= 0 || Thread.currentThread().isInterrupted()) {
                throw new Unreachable(e.getMessage());
            }
            return unknown(id, title, page, statusUrl.toString(), e.getMessage());
        }
        String word = text(status.get("status")).orElse("").toUpperCase(Locale.ROOT);
        if (!STATUSES.contains(word)) {
            return unknown(id, title, page, statusUrl.toString(), statusUrl + ": status '"
                    + RemoteFiles.cut(text(status.get("status")).orElse(Json.line(status.get("status"))))
                    + "'; allowed: OK, WARNING, ERROR, UNKNOWN");
        }
        String message = text(status.get("message")).orElse("");
        return new ServiceView(id, text(status.get("title")).filter(s -> !s.isEmpty()).orElse(title), word,
                message.length() > MESSAGE_CHARS ? message.substring(0, MESSAGE_CHARS) + "..." : message,
                text(status.get("start-date")), text(status.get("change-date")), page, statusUrl.toString());
    }

    private static ServiceView unknown(String id, String title, String page, String statusUrl, String why) {
        return new ServiceView(id, title, "UNKNOWN", why, Optional.empty(), Optional.empty(), page, statusUrl);
    }

    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    private static int port(URI u) {
        return u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    private static Instant beat(URI url, byte[] bytes) throws Unreachable {
        Optional<String> at = text(json(url, bytes).get("executor-heartbeat"));
        try {
            return Instant.parse(at.orElseThrow(() -> new Unreachable(url + ": no executor-heartbeat field")));
        } catch (DateTimeParseException e) {
            throw new Unreachable(url + ": executor-heartbeat '" + RemoteFiles.cut(at.orElse("")) + "' is not an"
                    + " ISO 8601 instant");
        }
    }

    private static Map<String, Object> json(URI url, byte[] bytes) throws Unreachable {
        Object value;
        try {
            value = Json.read(new String(bytes, StandardCharsets.UTF_8));
        } catch (Json.Invalid e) {
            String start = new String(bytes, 0, Math.min(bytes.length, 40), StandardCharsets.UTF_8)
                    .replaceAll("\\p{Cntrl}", "?");
            throw new Unreachable(url + ": not JSON (" + bytes.length + " bytes starting '" + start + "')");
        }
        Map<String, Object> object = Json.asObject(value);
        if (object == null) {
            throw new Unreachable(url + ": not a JSON object");
        }
        return object;
    }

    private static Optional<String> text(Object value) {
        return value instanceof String text ? Optional.of(text) : Optional.empty();
    }
}
