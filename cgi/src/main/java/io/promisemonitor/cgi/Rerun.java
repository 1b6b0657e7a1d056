package io.promisemonitor.cgi;

import io.promisemonitor.core.config.InstanceConfig;
import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.config.ServiceConfig;
import io.promisemonitor.core.io.Json;
import io.promisemonitor.core.publish.UrlLayout;
import io.promisemonitor.core.status.StatusStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code POST /cgi-bin/monitor-run-promise.cgi?service=<id>[&wait=1]}: asks the executor to run one service now.
 * Answers 202 with the status file's URL, 409 when a run of the service is queued or under way, 404 for an
 * unknown service, 400 for a bad request; with {@code wait=1}, waits for the run (up to the service's timeout
 * and a little more) and answers 200 with the new status. Knows nothing of HTTP servers: the web server and the
 * CGI script adapt requests to {@link #handle} and send its {@link RerunAnswer}.
 */
public final class Rerun {

    public static final String PATH = UrlLayout.absolute(UrlLayout.RERUN);

    /** Beyond the service's timeout: time to be picked up from the spool, queued behind others, and recorded. */
    static final Duration WAIT_GRACE = Duration.ofSeconds(5);

    private static final System.Logger LOG = System.getLogger("io.promisemonitor.rerun");
    private final MonitorConfig monitor;
    private final RerunBackend backend;
    private final StatusStore store;

    private Rerun(MonitorConfig monitor, RerunBackend backend) {
        this.monitor = monitor;
        this.backend = backend;
        this.store = StatusStore.of(monitor, Clock.systemUTC());
    }

    public static Rerun of(MonitorConfig monitor, RerunBackend backend) {
        return new Rerun(monitor, backend);
    }

    /**
     * Answers one request.
     *
     * @param method the HTTP method
     * @param rawQuery the query string as sent, still percent-encoded; null when there is none
     */
    public CompletableFuture<RerunAnswer> handle(String method, String rawQuery) {
        if (!"POST".equals(method)) {
            return done(error(405, "method " + shown(method) + " is not allowed; allowed: POST", null,
                    "Allow", "POST"));
        }
        Map<String, List<String>> params;
        try {
            params = QueryString.parse(rawQuery);
        } catch (IllegalArgumentException e) {
            return done(error(400, "malformed query string (" + e.getMessage() + "); allowed: service=<name>"
                    + " and optionally wait=1", null));
        }
        List<String> services = params.getOrDefault("service", List.of());
        if (services.isEmpty()) {
            return done(error(400, "missing parameter 'service'; allowed: ?service=<name>", null));
        }
        if (services.size() > 1) {
            return done(error(400, "parameter 'service' given " + services.size() + " times; allowed: once", null));
        }
        String service = services.get(0);
        if (service.indexOf('/') >= 0 || service.contains("..") || !InstanceConfig.SERVICE_NAME.matcher(service)
                .matches()) {
            return done(error(400, "service '" + shown(service) + "' is not a service name; allowed: letters,"
                    + " digits, '.', '_' and '-', without '/' or '..'", null));
        }
        List<String> waits = params.getOrDefault("wait", List.of());
        if (waits.size() > 1) {
            return done(error(400, "parameter 'wait' given " + waits.size() + " times; allowed: once", service));
        }
        boolean wait;
        String waitText = waits.isEmpty() ? "0" : waits.get(0);
        if (waitText.equals("1")) {
            wait = true;
        } else if (waitText.equals("0") || waitText.isEmpty()) {
            wait = false;
        } else {
            return done(error(400, "wait '" + shown(waitText) + "' is not allowed; allowed: 0 or 1", service));
        }
        Optional<ServiceConfig> config = backend.service(service);
        if (config.isEmpty()) {
            return done(error(404, "unknown service '" + service + "'", service));
        }
        Submission submission;
        try {
            submission = backend.submit(service);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, service + ": rerun not queued: " + e.getMessage());
            return done(error(503, "cannot queue the rerun now; see the monitor's log", service));
        }
        if (!submission.accepted()) {
            return done(withStatusUrl(error(409, submission.refusedBecause(), service), service));
        }
        LOG.log(System.Logger.Level.INFO, service + ": rerun queued");
        if (!wait) {
            return done(accepted(service, null));
        }
        Duration limit = config.get().timeout().plus(WAIT_GRACE);
        return submission.finished()
                .thenApply(notRun -> notRun.isPresent()
                        ? withStatusUrl(error(409, notRun.get(), service), service) : newStatus(service))
                .completeOnTimeout(accepted(service, "still running after " + limit.toSeconds() + "s"),
                        limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The status file's URL: absolute under {@code base-url}, else relative to this script's URL. */
    String statusUrl(String service) {
        return monitor.baseUrl().map(u -> UrlLayout.withTrailingSlash(u) + UrlLayout.statusHref(service))
                .orElse("../" + UrlLayout.statusHref(service));
    }

    private RerunAnswer accepted(String service, String message) {
        Json.Obj body = Json.object().put("service", service).put("queued", true).putIfPresent("message", message)
                .put("status-url", statusUrl(service));
        return RerunAnswer.json(202, Json.line(body) + "\n", "Location", statusUrl(service));
    }

    private RerunAnswer newStatus(String service) {
        try {
            String status = new String(Files.readAllBytes(store.statusFile(service)), StandardCharsets.UTF_8);
            return RerunAnswer.json(200, status, "Content-Location", statusUrl(service));
        } catch (IOException e) {
            return error(500, "the run left no readable status file", service);
        }
    }

    private RerunAnswer withStatusUrl(RerunAnswer answer, String service) {
        try {
            Map<String, Object> body = Json.readObject(answer.body());
            body.put("status-url", statusUrl(service));
            return new RerunAnswer(answer.status(), answer.headers(), Json.line(body) + "\n");
        } catch (Json.Invalid e) {
            return answer;
        }
    }

    static RerunAnswer error(int status, String message, String service, String... headers) {
        return RerunAnswer.json(status, Json.line(Json.object().put("error", message).putIfPresent("service", service))
                + "\n", headers);
    }

    /** A value from the request, cut short, for a message. */
    private static String shown(String value) {
        if (value == null) {
            return "";
        }
        return value.length() > 80 ? value.substring(0, 77) + "..." : value;
    }

    private static CompletableFuture<RerunAnswer> done(RerunAnswer answer) {
        return CompletableFuture.completedFuture(answer);
    }
}
