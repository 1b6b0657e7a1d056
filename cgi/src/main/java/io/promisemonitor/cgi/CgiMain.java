package io.promisemonitor.cgi;

import io.promisemonitor.core.config.ConfigException;
import io.promisemonitor.core.config.InstanceConfig;
import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.executor.ExecutorPresence;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The program behind {@code cgi-bin/monitor-run-promise.cgi}, for sites served by Apache or nginx + fcgiwrap:
 * reads the CGI variables, hands the rerun to the executor through the spool, or, when no executor runs on the
 * instance, runs the promise itself after answering, and prints a CGI answer. The web server must ask for a login first: without {@code REMOTE_USER} the request is
 * refused, unless {@code MONITOR_CGI_ALLOW_ANONYMOUS=1}.
 *
 * <pre>{@code
 * java -cp monitor.jar io.promisemonitor.cgi.CgiMain /srv/slapgrid/slappart3
 * }</pre>
 */
public final class CgiMain {

    /** Rerun requests carry no body; anything bigger than this is not ours. */
    static final long MAX_BODY = 64 * 1024;

    private CgiMain() {
    }

    public static void main(String[] args) throws IOException {
        // Log lines go to the web server's error log; only problems belong there.
        Logger.getLogger("").setLevel(Level.WARNING);
        String instance = args.length > 0 ? args[0] : System.getenv("MONITOR_INSTANCE");
        Map<String, String> env = System.getenv();
        List<AutoCloseable> afterAnswer = new ArrayList<>();
        RerunAnswer answer = answer(instance, env, afterAnswer);
        write(answer.forClient(env.get("HTTP_ACCEPT"), env.get("CONTENT_TYPE")), System.out);
        // The web server has its whole answer once standard output is closed; a run this process took on goes on.
        System.out.close();
        for (AutoCloseable work : afterAnswer) {
            try {
                work.close();
            } catch (Exception e) {
                System.err.println("monitor-run-promise.cgi: " + e);
            }
        }
    }

    /** @param afterAnswer work to finish once the answer is sent: a run this process took on */
    static RerunAnswer answer(String instance, Map<String, String> env, List<AutoCloseable> afterAnswer) {
        Guarded guarded = guard("monitor-run-promise.cgi", "rerun", instance, env);
        if (guarded.refused() != null) {
            return guarded.refused();
        }
        return rerun(guarded.monitor(), env.getOrDefault("REQUEST_METHOD", ""), env.get("QUERY_STRING"),
                afterAnswer);
    }

    /** The instance's configuration, or the answer refusing the request. */
    record Guarded(MonitorConfig monitor, RerunAnswer refused) {
    }

    /**
     * What the web server's side of a script checks before the request is read: the script is configured, the body
     * is small, the instance is readable, and a POST comes from this monitor's pages (or no browser) with a login.
     */
    static Guarded guard(String script, String what, String instance, Map<String, String> env) {
        if (instance == null || instance.isBlank()) {
            System.err.println(script + ": no instance; set MONITOR_INSTANCE or give it as argument");
            return new Guarded(null, Rerun.error(500, "the " + what + " script is not configured; see the web"
                    + " server's error log", null));
        }
        long length;
        try {
            String text = env.getOrDefault("CONTENT_LENGTH", "");
            length = text.isBlank() ? 0 : Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            return new Guarded(null, Rerun.error(400, "malformed Content-Length", null));
        }
        if (length > MAX_BODY) {
            return new Guarded(null, Rerun.error(413, "request body too large; allowed: none", null));
        }
        MonitorConfig monitor = load(instance);
        if (monitor == null) {
            return new Guarded(null, Rerun.error(500, "the monitor configuration cannot be read; see the web"
                    + " server's error log", null));
        }
        String method = env.getOrDefault("REQUEST_METHOD", "");
        if ("POST".equals(method)) {
            boolean https = "on".equalsIgnoreCase(env.getOrDefault("HTTPS", ""))
                    || "https".equalsIgnoreCase(env.getOrDefault("REQUEST_SCHEME", ""));
            Optional<String> refused = OriginCheck.refusal(env.get("HTTP_ORIGIN"), env.get("HTTP_REFERER"),
                    monitor.baseUrl(), https ? "https" : "http", env.get("HTTP_HOST"));
            if (refused.isPresent()) {
                return new Guarded(null, Rerun.error(403, refused.get(), null));
            }
            if (env.getOrDefault("REMOTE_USER", "").isBlank() && !"1".equals(env.get("MONITOR_CGI_ALLOW_ANONYMOUS"))) {
                return new Guarded(null, Rerun.error(403, "no login: protect this script with HTTP authentication"
                        + " in the web server", null));
            }
        }
        return new Guarded(monitor, null);
    }

    /**
     * With an executor on the instance, the rerun is handed to it through the spool; without one (system cron
     * mode) this process runs the promise itself, after answering.
     */
    private static RerunAnswer rerun(MonitorConfig monitor, String method, String query,
            List<AutoCloseable> afterAnswer) {
        Clock clock = Clock.systemUTC();
        RerunBackend backend = ExecutorPresence.running(monitor) ? SpoolBackend.of(monitor, clock)
                : DirectBackend.of(monitor, clock);
        try {
            return Rerun.of(monitor, backend).handle(method, query).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Rerun.error(503, "interrupted", null);
        } catch (ExecutionException e) {
            System.err.println("monitor-run-promise.cgi: " + e.getCause());
            return Rerun.error(500, "the rerun failed; see the web server's error log", null);
        } finally {
            if (backend instanceof DirectBackend) {
                afterAnswer.add(backend);
            } else {
                backend.close();
            }
        }
    }

    static MonitorConfig load(String instance) {
        try {
            return InstanceConfig.loadMonitor(Path.of(instance));
        } catch (ConfigException | IllegalArgumentException e) {
            System.err.println("monitor-run-promise.cgi: " + e.getMessage());
            return null;
        }
    }

    static void write(RerunAnswer answer, OutputStream out) throws IOException {
        StringBuilder head = new StringBuilder("Status: ").append(answer.statusLine()).append("\r\n");
        for (Map.Entry<String, String> h : answer.headers().entrySet()) {
            head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        head.append("X-Content-Type-Options: nosniff\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
        out.write(answer.bodyBytes());
        out.flush();
        if (out instanceof PrintStream && ((PrintStream) out).checkError()) {
            throw new IOException("cannot write the answer");
        }
    }
}
