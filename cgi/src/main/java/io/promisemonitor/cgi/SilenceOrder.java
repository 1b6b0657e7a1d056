package io.promisemonitor.cgi;

import io.promisemonitor.core.config.InstanceConfig;
import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.io.Json;
import io.promisemonitor.core.publish.UrlLayout;
import io.promisemonitor.core.quiet.Silence;
import io.promisemonitor.core.quiet.Silences;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code POST /cgi-bin/monitor-silence.cgi}: sets a silence ({@code service=web&service=db} or {@code all=1},
 * {@code for=2h} or {@code until=22:30}, optionally {@code reason=...}), answered 201 with the silence; or ends one
 * ({@code end=<id>}), answered 200. The parameters come in the query string or a form body. The web server checks
 * the login and the origin first, as for reruns; this class knows nothing of HTTP servers.
 */
public final class SilenceOrder {

    public static final String PATH = UrlLayout.absolute(UrlLayout.SILENCE);
    /** A form body is read up to this; a longer one is refused. */
    public static final int MAX_BODY = 8 * 1024;
    private static final Set<String> PARAMETERS = Set.of("service", "all", "for", "until", "reason", "end");
    private static final System.Logger LOG = System.getLogger("io.promisemonitor.silence");

    private final MonitorConfig monitor;
    private final Clock clock;

    private SilenceOrder(MonitorConfig monitor, Clock clock) {
        this.monitor = monitor;
        this.clock = clock;
    }

    public static SilenceOrder of(MonitorConfig monitor, Clock clock) {
        return new SilenceOrder(monitor, clock);
    }

    /**
     * @param rawQuery the query string as sent, or null
     * @param formBody an {@code application/x-www-form-urlencoded} body, or null
     * @param user the login that sent it, recorded as who set the silence
     */
    public RerunAnswer handle(String method, String rawQuery, String formBody, String user) {
        if (!"POST".equals(method)) {
            return Rerun.error(405, "method " + method + " is not allowed; allowed: POST", null, "Allow", "POST");
        }
        Map<String, List<String>> params = new LinkedHashMap<>();
        try {
            QueryString.parse(rawQuery).forEach((k, v) -> params.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
            QueryString.parse(formBody).forEach((k, v) -> params.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
        } catch (IllegalArgumentException e) {
            return Rerun.error(400, "malformed parameters (" + e.getMessage() + ")", null);
        }
        for (Map.Entry<String, List<String>> p : params.entrySet()) {
            if (!PARAMETERS.contains(p.getKey())) {
                return Rerun.error(400, "unknown parameter '" + cut(p.getKey()) + "'; allowed: " + new TreeSet<>(
                        PARAMETERS), null);
            }
            if (!p.getKey().equals("service") && p.getValue().size() > 1) {
                return Rerun.error(400, "parameter '" + p.getKey() + "' given " + p.getValue().size() + " times;"
                        + " allowed: once", null);
            }
        }
        Silences silences = Silences.of(monitor, clock);
        String end = one(params, "end");
        if (end != null) {
            if (params.size() > 1) {
                return Rerun.error(400, "end is given with other parameters; allowed: end alone", null);
            }
            try {
                if (!silences.end(end)) {
                    return Rerun.error(404, "no silence '" + end + "' (ended already, or never set)", null);
                }
            } catch (IllegalArgumentException e) {
                return Rerun.error(400, "end " + e.getMessage(), null);
            }
            LOG.log(System.Logger.Level.INFO, "silence " + end + " ended by " + user);
            return RerunAnswer.json(200, Json.line(Json.object().put("ended", end)) + "\n");
        }
        List<String> services = params.getOrDefault("service", List.of());
        String all = one(params, "all");
        if (all != null && !all.equals("1")) {
            return Rerun.error(400, "all '" + cut(all) + "' is not allowed; allowed: 1", null);
        }
        if ((all != null) == !services.isEmpty()) {
            return Rerun.error(400, all != null ? "all=1 and services given; allowed: one of them"
                    : "no service given; allowed: service=<name> (repeated for several), or all=1", null);
        }
        Set<String> known = new TreeSet<>();
        for (Path file : InstanceConfig.listServiceFiles(monitor)) {
            known.add(InstanceConfig.serviceName(file));
        }
        for (String s : services) {
            if (!known.contains(s)) {
                return Rerun.error(404, "unknown service '" + cut(s) + "'", null);
            }
        }
        Silence silence;
        try {
            Instant until = Silences.endOf(one(params, "for"), one(params, "until"), clock.instant(), clock.getZone());
            silence = silences.add(all != null, services, until, one(params, "reason"), "web:" + user);
        } catch (IllegalArgumentException e) {
            return Rerun.error(400, e.getMessage(), null);
        }
        LOG.log(System.Logger.Level.INFO, "silence " + silence.id() + " set by " + user + ": " + silence.coverage()
                + " until " + silence.until());
        Json.Obj body = Json.object().put("id", silence.id()).put("all", silence.all())
                .put("services", List.copyOf(silence.services())).put("from", silence.from().toString())
                .put("until", silence.until().toString()).put("reason", silence.reason()).put("by", silence.by());
        return RerunAnswer.json(201, Json.line(body) + "\n");
    }

    private static String one(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static String cut(String value) {
        String shown = value.length() > 80 ? value.substring(0, 77) + "..." : value;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}
