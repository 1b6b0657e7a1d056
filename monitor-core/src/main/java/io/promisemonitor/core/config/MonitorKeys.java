package io.promisemonitor.core.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Every key of {@code etc/monitor.conf} section {@code [monitor]}. Add a feature's keys here. */
public final class MonitorKeys {

    public static final KeyRegistry REGISTRY = new KeyRegistry("monitor.conf", "monitor");

    public static final ConfigKey<String> TITLE = REGISTRY.register("title", "Monitor",
            "Title of the dashboard and of monitor.haljson", (e, c) -> Values.single(e), c -> "Monitor");

    public static final ConfigKey<Path> PUBLIC_FOLDER = folder("public-folder", "srv/monitor/public",
            "Status files and public links, served at /public/ without login");
    public static final ConfigKey<Path> PRIVATE_FOLDER = folder("private-folder", "srv/monitor/private",
            "Private links, served at /private/ with login");
    public static final ConfigKey<Path> WEB_FOLDER = folder("web-folder", "srv/monitor/web",
            "Dashboard, monitor.haljson, feeds and schemas, served at /");
    public static final ConfigKey<Path> CGI_FOLDER = folder("cgi-folder", "srv/monitor/cgi-bin",
            "Where monitor-run-promise.cgi is installed for Apache or nginx + fcgiwrap");
    public static final ConfigKey<Path> SERVICE_PID_FOLDER = folder("service-pid-folder", "var/monitor/service-pid",
            "One <service>.pid lock file per service: at most one run at a time");
    public static final ConfigKey<Path> PROMISE_FOLDER = folder("promise-folder", "etc/monitor-promise",
            "The <service>.cfg files and executable promises");
    public static final ConfigKey<Path> STATE_FOLDER = folder("state-folder", "var/monitor/state",
            "Kept state, one subfolder per feature: history, log offsets, heartbeats, watchdog counters,"
                    + " rerun spool");

    public static final ConfigKey<Path> MONITOR_HAL_JSON = REGISTRY.register("monitor-hal-json",
            "<web-folder>/monitor.haljson", "Where the monitor.haljson index is written",
            (e, c) -> Values.path(Values.single(e), c.instanceRoot()),
            c -> c.get(WEB_FOLDER).resolve("monitor.haljson"));

    public static final ConfigKey<List<Path>> PUBLIC_PATH_LIST = REGISTRY.register("public-path-list", "(none)",
            "Files and folders linked as public/<basename>, one a line",
            (e, c) -> Values.paths(e.items(), c.instanceRoot()), c -> List.of());
    public static final ConfigKey<List<Path>> PRIVATE_PATH_LIST = REGISTRY.register("private-path-list", "(none)",
            "Files and folders linked as private/<basename>, one a line",
            (e, c) -> Values.paths(e.items(), c.instanceRoot()), c -> List.of());
    public static final ConfigKey<List<URI>> MONITOR_URL_LIST = REGISTRY.register("monitor-url-list", "(none)",
            "Base URLs of related monitors, one a line; listed in monitor.haljson's related_monitor",
            (e, c) -> Values.baseUrls(e.items()), c -> List.of());
    public static final ConfigKey<Optional<URI>> BASE_URL = REGISTRY.register("base-url", "(none)",
            "Public root URL of this monitor: builds absolute URLs (feed links, heartbeat URLs) and is the"
                    + " origin a POST must match",
            (e, c) -> Optional.of(Values.baseUrl(Values.single(e))), c -> Optional.empty());

    public static final ConfigKey<Integer> CONCURRENCY = REGISTRY.register("concurrency", "4 x cores",
            "How many promises may run at once; a slow one never delays the others beyond this",
            (e, c) -> Values.wholeNumber(Values.single(e), 1, 1024),
            c -> Math.max(4, 4 * Runtime.getRuntime().availableProcessors()));
    public static final ConfigKey<Boolean> SPREAD_STARTS = REGISTRY.register("spread-starts", "yes",
            "Start each service at a stable offset inside its minute, so services do not all fire at second 0",
            (e, c) -> Values.yesNo(Values.single(e)), c -> Boolean.TRUE);

    // ---- web server, authentication, rerun (the web issue) ----

    public static final ConfigKey<String> HTTPD_ADDRESS = REGISTRY.register("httpd-address", "127.0.0.1",
            "Address the web server listens on: an IPv4 or IPv6 address (::1) or a host name; SlapOS's"
                    + " monitor-httpd-ipv6 is read as this key",
            (e, c) -> HttpdValues.address(Values.single(e)), c -> "127.0.0.1", "monitor-httpd-ipv6");
    public static final ConfigKey<Integer> HTTPD_PORT = REGISTRY.register("httpd-port", "8196",
            "Port the web server listens on (0: any free port); SlapOS's monitor-httpd-port is read as this key",
            (e, c) -> Values.wholeNumber(Values.single(e), 0, 65535), c -> 8196, "monitor-httpd-port");
    public static final ConfigKey<Path> HTPASSWD_FILE = REGISTRY.register("htpasswd-file",
            "$instance/etc/monitor.htpasswd",
            "Apache htpasswd file (bcrypt, APR1-MD5, SHA-1, SHA-256/512-crypt) guarding private/, reruns and"
                    + " metrics; reread when it changes",
            (e, c) -> Values.path(Values.single(e), c.instanceRoot()),
            c -> c.instanceRoot().resolve("etc").resolve("monitor.htpasswd"));
    public static final ConfigKey<Optional<Path>> TLS_CERTIFICATE = REGISTRY.register("tls-certificate", "(none)",
            "PEM certificate chain; with tls-key, the server speaks HTTPS (and HTTP/2)",
            (e, c) -> Optional.of(Values.path(Values.single(e), c.instanceRoot())), c -> Optional.empty());
    public static final ConfigKey<Optional<Path>> TLS_KEY = REGISTRY.register("tls-key", "(none)",
            "PEM private key (PKCS#8, unencrypted) of tls-certificate",
            (e, c) -> Optional.of(Values.path(Values.single(e), c.instanceRoot())), c -> Optional.empty());
    public static final ConfigKey<List<String>> CORS_ALLOWED_ORIGINS = REGISTRY.register("cors-allowed-origins",
            "(none)", "Origins (https://host[:port], or *) whose pages may read public JSON and monitor.haljson,"
                    + " one a line",
            (e, c) -> HttpdValues.origins(e.items()), c -> List.of());
    public static final ConfigKey<Boolean> PUBLIC_REQUIRES_AUTH = REGISTRY.register("public-requires-auth", "no",
            "Ask for a login on public/ too", (e, c) -> Values.yesNo(Values.single(e)), c -> Boolean.FALSE);
    public static final ConfigKey<Boolean> METRICS_REQUIRES_AUTH = REGISTRY.register("metrics-requires-auth", "yes",
            "Ask for a login on /metrics", (e, c) -> Values.yesNo(Values.single(e)), c -> Boolean.TRUE);
    public static final ConfigKey<Boolean> DIRECTORY_LISTING = REGISTRY.register("directory-listing", "no",
            "List the files of a folder that has no index.html", (e, c) -> Values.yesNo(Values.single(e)),
            c -> Boolean.FALSE);

    // ---- dashboard, history, feeds, notification hooks (the dashboard issue) ----

    // ---- built-in promises' instance-wide settings ----

    static {
        // SlapOS writes these; its cron-based runner needs them, ours does not.
        REGISTRY.ignore("crond-folder");
    }

    private MonitorKeys() {
    }

    private static ConfigKey<Path> folder(String name, String relative, String meaning) {
        return REGISTRY.register(name, "$instance/" + relative, meaning,
                (e, c) -> Values.path(Values.single(e), c.instanceRoot()),
                c -> c.instanceRoot().resolve(relative));
    }
}
