package io.promisemonitor.web.heartbeat;

import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.heartbeat.HeartbeatFiles;
import io.promisemonitor.core.heartbeat.Ping;
import io.promisemonitor.core.publish.UrlLayout;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Receives the pings of heartbeat jobs, {@code GET} or {@code POST} {@code /hb/<token>}, {@code /hb/<token>/start},
 * {@code /hb/<token>/fail}, {@code /hb/<token>/<exit-code>}, and records each in the service's small ping file.
 * Nothing else: the heartbeat promise, run by the executor, reads the file and judges. Free of Undertow, so it is
 * tested without a server; {@link HeartbeatHandler} adapts it.
 *
 * <p>An unknown token, a malformed one or a bad suffix all get the same 404 as any missing page: the answer never
 * tells which tokens exist. The token is the credential, so it is never logged.
 */
public final class HeartbeatReceiver {

    public static final String PREFIX = UrlLayout.absolute(UrlLayout.HEARTBEAT);

    private static final System.Logger LOG = System.getLogger("io.promisemonitor.web");
    private static final Pattern EXIT_CODE = Pattern.compile("0|[1-9][0-9]{0,2}");

    private final MonitorConfig monitor;
    private final Clock clock;
    private final TokenIndex tokens;
    private final PingLimiter limiter;
    /** One writer per service at a time: a ping file is read, updated and replaced. */
    private final Map<String, Object> writing = new ConcurrentHashMap<>();

    public HeartbeatReceiver(MonitorConfig monitor, Clock clock) {
        this.monitor = monitor;
        this.clock = clock;
        this.tokens = new TokenIndex(monitor);
        this.limiter = new PingLimiter(clock);
    }

    /** An answer: status, text body (one line) and extra headers as name, value pairs. */
    public record Answer(int status, String text, String... headers) {
    }

    static final Answer NOT_FOUND = new Answer(404, "not found");

    /** Whether {@code method} may ping; checked before anything else so a wrong one tells nothing. */
    public static boolean methodAllowed(String method) {
        return method.equals("GET") || method.equals("POST");
    }

    /** The kind of ping {@code path} asks for, without looking at the token; empty for a path that is not one. */
    static Optional<Parsed> parse(String path) {
        if (!path.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String[] parts = path.substring(PREFIX.length()).split("/", -1);
        if (parts.length > 2 || !HeartbeatFiles.TOKEN.matcher(parts[0]).matches()) {
            return Optional.empty();
        }
        if (parts.length == 1) {
            return Optional.of(new Parsed(parts[0], Ping.Kind.SUCCESS, OptionalInt.empty()));
        }
        String suffix = parts[1];
        if (suffix.equals("start")) {
            return Optional.of(new Parsed(parts[0], Ping.Kind.START, OptionalInt.empty()));
        }
        if (suffix.equals("fail")) {
            return Optional.of(new Parsed(parts[0], Ping.Kind.FAIL, OptionalInt.empty()));
        }
        if (EXIT_CODE.matcher(suffix).matches()) {
            int code = Integer.parseInt(suffix);
            if (code <= 255) {
                return Optional.of(new Parsed(parts[0], code == 0 ? Ping.Kind.SUCCESS : Ping.Kind.FAIL,
                        OptionalInt.of(code)));
            }
        }
        return Optional.empty();
    }

    record Parsed(String token, Ping.Kind kind, OptionalInt exitCode) {
    }

    /**
     * Handles one ping whose method was allowed; {@code body} is what was read of the request body, at most the
     * cap (the handler refuses bigger ones before).
     */
    public Answer receive(String path, byte[] body) {
        Optional<Parsed> parsed = parse(path);
        if (parsed.isEmpty()) {
            return NOT_FOUND;
        }
        Optional<String> service = tokens.service(parsed.get().token());
        if (service.isEmpty()) {
            return NOT_FOUND;
        }
        Optional<Duration> wait = limiter.take(service.get());
        if (wait.isPresent()) {
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            return new Answer(429, "too many pings; allowed: " + PingLimiter.allowance(), "Retry-After",
                    Long.toString(seconds));
        }
        Ping ping = new Ping(parsed.get().kind(), parsed.get().exitCode(), clock.instant(),
                new String(body, StandardCharsets.UTF_8));
        synchronized (writing.computeIfAbsent(service.get(), s -> new Object())) {
            try {
                HeartbeatFiles.of(monitor, service.get()).record(ping);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, service.get() + ": cannot record a heartbeat ping: "
                        + e.getMessage() + "; will keep serving");
                return new Answer(500, "the ping could not be recorded; see the monitor's log");
            }
        }
        return new Answer(200, "OK");
    }
}
