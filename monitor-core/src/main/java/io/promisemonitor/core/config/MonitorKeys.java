package io.promisemonitor.core.config;

import io.promisemonitor.core.promise.Durations;
import io.promisemonitor.core.promise.Sizes;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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
            "The <service>.cfg files and executable promises; etc/promise and etc/monitor-promise are read too"
                    + " when they exist (see docs/slapos.md)");
    public static final ConfigKey<List<Path>> PROMISE_FOLDER_LIST = REGISTRY.register("promise-folder-list",
            "(none)", "More promise folders (SlapOS 2016), separated by spaces or lines; searched after"
                    + " promise-folder",
            (e, c) -> Values.pathList(e, c.instanceRoot()), c -> List.of());
    public static final ConfigKey<Optional<Path>> MONITOR_PROMISE_FOLDER = REGISTRY.register(
            "monitor-promise-folder", "(none)", "One more promise folder (SlapOS 2016 to 2018), searched after"
                    + " promise-folder-list",
            (e, c) -> Optional.of(Values.path(Values.single(e), c.instanceRoot())), c -> Optional.empty());
    public static final ConfigKey<Optional<Duration>> PROMISES_TIMEOUT_FILE = REGISTRY.register(
            "promises-timeout-file", "(none)", "A file holding the default timeout of services whose .cfg sets"
                    + " none (SlapOS's etc/promise_timeout): a bare number is seconds, or a duration such as 30s;"
                    + " read at start, a missing file leaves the default 20s",
            (e, c) -> timeoutFile(Values.path(Values.single(e), c.instanceRoot())), c -> Optional.empty());
    public static final ConfigKey<Path> STATE_FOLDER = folder("state-folder", "var/monitor/state",
            "Kept state, one subfolder per feature: history, log offsets, heartbeats, watchdog counters,"
                    + " rerun spool");

    public static final ConfigKey<Path> MONITOR_HAL_JSON = REGISTRY.register("monitor-hal-json",
            "<web-folder>/monitor.haljson", "Where the monitor.haljson index is written",
            (e, c) -> Values.path(Values.single(e), c.instanceRoot()),
            c -> c.get(WEB_FOLDER).resolve("monitor.haljson")); // UrlLayout.HAL_JSON (publish needs config)

    public static final ConfigKey<List<Path>> PUBLIC_PATH_LIST = REGISTRY.register("public-path-list", "(none)",
            "Files and folders linked as public/<basename>, separated by spaces or lines",
            (e, c) -> Values.pathList(e, c.instanceRoot()), c -> List.of());
    public static final ConfigKey<List<Path>> PRIVATE_PATH_LIST = REGISTRY.register("private-path-list", "(none)",
            "Files and folders linked as private/<basename>, separated by spaces or lines",
            (e, c) -> Values.pathList(e, c.instanceRoot()), c -> List.of());
    public static final ConfigKey<List<URI>> MONITOR_URL_LIST = REGISTRY.register("monitor-url-list", "(none)",
            "Base URLs of related monitors, separated by spaces or lines; listed in monitor.haljson's"
                    + " related_monitor; read once a minute into fleet.json for the fleet page",
            (e, c) -> Values.baseUrls(Values.words(e)), c -> List.of());
    public static final ConfigKey<Optional<String>> ROOT_TITLE = REGISTRY.register("root-title", "(none)",
            "Title of the group of instances this monitor belongs to (SlapOS's hosting subscription):"
                    + " specialise_title of monitor.global.json, title of public/feeds, description of public/feed",
            (e, c) -> Optional.of(Values.single(e)), c -> Optional.empty());
    public static final ConfigKey<Optional<URI>> BASE_URL = REGISTRY.register("base-url", "(none)",
            "Public root URL of this monitor: builds absolute URLs (feed links, heartbeat URLs) and is the"
                    + " origin a POST must match",
            (e, c) -> Optional.of(Values.baseUrl(Values.single(e))), c -> Optional.empty());

    public static final ConfigKey<Integer> CONCURRENCY = REGISTRY.register("concurrency", "4 x cores",
            "How many promises may run at once; a slow one never delays the others beyond this",
            (e, c) -> Values.wholeNumber(Values.single(e), 1, 1024),
            c -> Math.max(4, 4 * Runtime.getRuntime().availableProcessors()));
    public static final ConfigKey<LogRuns> LOG_RUNS = REGISTRY.register("log-runs", "all",
            "Which runs the executor logs a line for: all, or problems (a result not OK or a failure not yet confirmed,"
                    + " a service's first result, and the run that changed its status); a run that outlasts its period"
                    + " or fails is always logged",
            (e, c) -> LogRuns.parse(Values.single(e)), c -> LogRuns.ALL);
    public static final ConfigKey<Boolean> SPREAD_STARTS = REGISTRY.register("spread-starts", "yes",
            "Start each service at a stable offset inside its minute, so services do not all fire at second 0",
            (e, c) -> Values.yesNo(Values.single(e)), c -> Boolean.TRUE);
    public static final ConfigKey<Optional<ZoneId>> TIMEZONE = REGISTRY.register("timezone", "the system's",
            "Time zone of the frequency schedules (cron's daylight-saving rule applies), such as Europe/Paris or UTC",
            (e, c) -> Optional.of(zone(Values.single(e))), c -> Optional.empty());

    // ---- web server, authentication, rerun (the web issue) ----

    public static final ConfigKey<String> HTTPD_ADDRESS = REGISTRY.register("httpd-address", "127.0.0.1",
            "Address the web server listens on: an IPv4 or IPv6 address (::1) or a host name; SlapOS's"
                    + " monitor-httpd-ipv6 is read as this key",
            (e, c) -> HttpdValues.address(Values.single(e)), c -> "127.0.0.1", "monitor-httpd-ipv6");
    public static final ConfigKey<Integer> HTTPD_PORT = REGISTRY.register("httpd-port", "8196",
            "Port the web server listens on (0: any free port); SlapOS's monitor-httpd-port is read as this key",
            (e, c) -> Values.wholeNumber(Values.single(e), 0, 65535), c -> 8196, "monitor-httpd-port");
    public static final ConfigKey<Optional<Path>> PARAMETER_LIST = REGISTRY.register("parameter-list", "(none)",
            "SlapOS's parameters of its web app, one a line; only the htpasswd file of the 'htpasswd <key>"
                    + " <password-file> <user> <htpasswd-file>' line is used: it is the default of htpasswd-file",
            MonitorKeys::slapOsHtpasswd, c -> Optional.empty());
    public static final ConfigKey<Path> HTPASSWD_FILE = REGISTRY.register("htpasswd-file",
            "$instance/etc/monitor.htpasswd",
            "Apache htpasswd file (bcrypt, APR1-MD5, SHA-1, SHA-256/512-crypt) guarding private/, reruns and"
                    + " metrics; reread when it changes. Without it, the htpasswd file of parameter-list",
            (e, c) -> Values.path(Values.single(e), c.instanceRoot()),
            c -> c.get(PARAMETER_LIST).orElse(c.instanceRoot().resolve("etc").resolve("monitor.htpasswd")));
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
    public static final ConfigKey<List<AddressRange>> TRUSTED_PROXIES = REGISTRY.register("trusted-proxies", "(none)",
            "Reverse proxies (addresses or CIDR ranges, one a line) whose X-Forwarded-For names the client for"
                    + " login throttling; from anyone else the header is ignored",
            (e, c) -> AddressRange.list(e.items()), c -> List.of());
    public static final ConfigKey<Boolean> DIRECTORY_LISTING = REGISTRY.register("directory-listing", "no",
            "List the files of a folder that has no index.html", (e, c) -> Values.yesNo(Values.single(e)),
            c -> Boolean.FALSE);

    // ---- dashboard, history, feeds, notification hooks (the dashboard issue) ----

    public static final ConfigKey<Optional<Path>> TEMPLATES_FOLDER = REGISTRY.register("templates-folder",
            "(built in)", "Your own copies of the templates (index.html.hbs, row.html.hbs, service.html.hbs, feed.rss.hbs,"
                    + " monitor.css, monitor.js, fleet.html, fleet.js, fleet.css); a file missing there is taken from the built-in set",
            (e, c) -> Optional.of(Values.path(Values.single(e), c.instanceRoot())), c -> Optional.empty());
    public static final ConfigKey<Duration> RENDER_INTERVAL = REGISTRY.register("render-interval", "5s",
            "At most one render of the dashboard pages and feeds per this interval; a rerun renders at once",
            (e, c) -> duration(e, Duration.ofMillis(100), Durations.MAX_INTERVAL), c -> Duration.ofSeconds(5));
    public static final ConfigKey<Duration> DASHBOARD_REFRESH = REGISTRY.register("dashboard-refresh", "30s",
            "How often an open dashboard polls for changes (index.html, status files, related monitors)",
            (e, c) -> duration(e, Duration.ofSeconds(1), Durations.MAX_INTERVAL), c -> Duration.ofSeconds(30));
    public static final ConfigKey<Integer> HISTORY_RUNS = REGISTRY.register("history-runs", "1000",
            "Results kept per service in its history",
            (e, c) -> Values.wholeNumber(Values.single(e), 10, 100_000), c -> 1000);
    public static final ConfigKey<Integer> HISTORY_CHANGES = REGISTRY.register("history-changes", "200",
            "Status changes (and watchdog actions) kept per service in its history",
            (e, c) -> Values.wholeNumber(Values.single(e), 1, 10_000), c -> 200);
    public static final ConfigKey<Duration> HISTORY_KEEP_REMOVED = REGISTRY.register("history-keep-removed", "30d",
            "How long the history, page and feed of a removed service are kept",
            (e, c) -> duration(e, Duration.ZERO, Durations.MAX_INTERVAL), c -> Duration.ofDays(30));
    public static final ConfigKey<Duration> HISTORY_KEEP = REGISTRY.register("history-keep", "62d",
            "How long each service's status intervals (its runs merged while the status holds) are kept, for uptime"
                    + " and the availability reports; 62d lets last month's report be made again all this month",
            (e, c) -> duration(e, Duration.ofDays(1), Durations.MAX_INTERVAL), c -> Duration.ofDays(62));
    public static final ConfigKey<UnknownAs> REPORT_UNKNOWN_AS = REGISTRY.register("report-unknown-as", "excluded",
            "How uptime and the availability reports count UNKNOWN and not-observed time (no valid result, executor"
                    + " not running): down, up, or excluded (left out of the share, and said how much)",
            (e, c) -> UnknownAs.parse(Values.single(e)), c -> UnknownAs.EXCLUDED);
    public static final ConfigKey<Duration> HISTORY_PUBLISH_INTERVAL = REGISTRY.register("history-publish-interval",
            "5m", "public/<service>.history.json is rewritten at most this often, and at once after a status"
                    + " change (spares flash)",
            (e, c) -> duration(e, Duration.ZERO, Durations.MAX_INTERVAL), c -> Duration.ofMinutes(5));
    public static final ConfigKey<Integer> FEED_ITEMS = REGISTRY.register("feed-items", "100",
            "Items in monitor.rss and in each service's feed, newest first",
            (e, c) -> Values.wholeNumber(Values.single(e), 1, 10_000), c -> 100);
    public static final ConfigKey<List<String>> NOTIFY_COMMAND = REGISTRY.register("notify-command", "(none)",
            "Command run on every status change, given the change as JSON on stdin and MONITOR_* variables;"
                    + " split with shell quoting rules and run without a shell; $instance expands",
            MonitorKeys::command, c -> List.of());
    public static final ConfigKey<Optional<URI>> NOTIFY_URL = REGISTRY.register("notify-url", "(none)",
            "URL that gets a POST of the change as JSON on every status change",
            (e, c) -> Optional.of(url(Values.single(e))), c -> Optional.empty());
    public static final ConfigKey<Duration> NOTIFY_TIMEOUT = REGISTRY.register("notify-timeout", "10s",
            "Longest a notify-command run or a notify-url attempt may take",
            (e, c) -> duration(e, Duration.ofMillis(100), Durations.MAX_TIMEOUT), c -> Duration.ofSeconds(10));
    public static final ConfigKey<Integer> NOTIFY_RETRIES = REGISTRY.register("notify-retries", "3",
            "Further attempts of a notify-url POST that failed (no answer or not 2xx)",
            (e, c) -> Values.wholeNumber(Values.single(e), 0, 10), c -> 3);
    public static final ConfigKey<Duration> NOTIFY_RETRY_DELAY = REGISTRY.register("notify-retry-delay", "5s",
            "Wait before the first retry of notify-url, doubled at each further one",
            (e, c) -> duration(e, Duration.ZERO, Durations.MAX_INTERVAL), c -> Duration.ofSeconds(5));

    // ---- alerts to Alertmanager ----
    public static final ConfigKey<List<URI>> ALERTMANAGER_URL_LIST = REGISTRY.register("alertmanager-url-list",
            "(none)", "Base URLs of Alertmanager (API v2), one a line: every member of a cluster, never a load"
                    + " balancer; services not OK or STALE, and a stopped executor, are alerted to each once a minute",
            (e, c) -> Values.baseUrls(e.items()), c -> List.of());
    public static final ConfigKey<Map<String, String>> ALERT_LABELS = REGISTRY.register("alert-labels", "(none)",
            "Extra labels of every alert, name=value one a line (such as team=ops)", MonitorKeys::labels,
            c -> Map.of());

    // ---- Prometheus ----
    public static final ConfigKey<Optional<Path>> METRICS_TEXTFILE = REGISTRY.register("metrics-textfile", "(none)",
            "A file for node_exporter's textfile collector (its name ends in .prom): the series of /metrics, written"
                    + " atomically every 30 seconds by the executor and by each cron minute, for hosts that run"
                    + " node_exporter and open no port for the monitor", MonitorKeys::promFile, c -> Optional.empty());

    // ---- built-in promises' instance-wide settings ----

    // ---- SlapOS (docs/slapos.md) ----

    /**
     * monitor.conf's {@code [promises]} section (SlapOS from March 2018): read for {@code legacy-promise-folder};
     * its {@code promise-folder} holds slapgrid's Python plugins, which this monitor does not run.
     */
    public static final KeyRegistry PROMISES_REGISTRY = new KeyRegistry("monitor.conf", "promises");

    public static final ConfigKey<Optional<Path>> LEGACY_PROMISE_FOLDER = PROMISES_REGISTRY.register(
            "legacy-promise-folder", "(none)", "SlapOS's folder of executable promises (etc/promise), searched"
                    + " after the promise folders of [monitor]",
            (e, c) -> Optional.of(Values.path(Values.single(e), c.instanceRoot())), c -> Optional.empty());

    static {
        // SlapOS writes these (docs/slapos-research.md section 2); its cron-based runner, web app and slapgrid
        // need them, this monitor does not. validate lists each as "SlapOS key, not used".
        for (String key : List.of("crond-folder", "service-executable-dir", "template-service-run",
                "webdav-folder", "report-folder", "wraper-folder", "promise-runner", "logrotate-folder",
                "parameter-file-path", "collector-db", "collect-script", "python", "promise-output-file", "pid-file",
                "nice-cmd", "statistic-script", "randomsleep", "log-folder", "document-folder")) {
            REGISTRY.ignore(key);
        }
        for (String key : List.of("output-folder", "history-folder", "promise-folder", "pid-path",
                "partition-folder", "master-url", "partition-cert", "partition-key", "partition-id", "computer-id",
                "ipv4", "ipv6", "software-release", "software-type")) {
            PROMISES_REGISTRY.ignore(key);
        }
    }

    /** The folders promises are read from, in the order a name found in two of them is taken from the first. */
    public static List<Path> promiseFolders(Path instanceRoot, Settings s) {
        LinkedHashSet<Path> folders = new LinkedHashSet<>();
        if (s.isGiven(PROMISE_FOLDER)) {
            folders.add(s.get(PROMISE_FOLDER));
        }
        folders.addAll(s.get(PROMISE_FOLDER_LIST));
        s.get(MONITOR_PROMISE_FOLDER).ifPresent(folders::add);
        s.get(LEGACY_PROMISE_FOLDER).ifPresent(folders::add);
        if (folders.isEmpty()) {
            folders.add(s.get(PROMISE_FOLDER));
        }
        // SlapOS's monitor.py ran these whatever monitor.conf said.
        for (String name : List.of("promise", "monitor-promise")) {
            Path folder = instanceRoot.resolve("etc").resolve(name);
            if (Files.isDirectory(folder)) {
                folders.add(folder);
            }
        }
        return List.copyOf(folders);
    }

    private MonitorKeys() {
    }

    /** SlapOS's {@code etc/promise_timeout}: {@code 20} (seconds, as SlapOS reads it) or a duration. */
    private static Optional<Duration> timeoutFile(Path file) {
        String text;
        try {
            text = Files.readString(file).strip();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new IllegalArgumentException("'" + file + "' cannot be read: " + e.getMessage());
        }
        try {
            Duration d = text.matches("[0-9]{1,6}") ? Duration.ofSeconds(Long.parseLong(text)) : Durations.parse(text);
            if (!d.isZero() && !d.isNegative() && d.compareTo(Durations.MAX_TIMEOUT) <= 0) {
                return Optional.of(d);
            }
        } catch (IllegalArgumentException e) {
            // the message below says what is allowed
        }
        throw new IllegalArgumentException("'" + file + "' holds '" + text + "'; allowed: a whole number of seconds"
                + " above 0 such as 20, or a duration such as 30s, at most " + Durations.format(Durations.MAX_TIMEOUT));
    }

    /** The fifth word of parameter-list's {@code htpasswd} line, if there is one. */
    private static Optional<Path> slapOsHtpasswd(IniFile.Entry e, ConfigKey.Context c) {
        for (String item : e.items()) {
            List<String> words = Values.words(item);
            if (!words.isEmpty() && words.get(0).equals("htpasswd")) {
                if (words.size() != 5) {
                    throw new IllegalArgumentException("line '" + item + "' has " + words.size() + " words; allowed:"
                            + " htpasswd <key> <password-file> <user> <htpasswd-file>");
                }
                return Optional.of(Values.path(words.get(4), c.instanceRoot()));
            }
        }
        return Optional.empty();
    }

    /** A duration from {@code min} to {@code max}. */
    private static Duration duration(IniFile.Entry e, Duration min, Duration max) {
        String raw = Values.single(e);
        Duration d = Durations.parse(raw);
        if (d.compareTo(min) < 0) {
            throw new IllegalArgumentException("'" + raw + "' is too short; allowed: " + Durations.format(min)
                    + " or more");
        }
        if (d.compareTo(max) > 0) {
            throw new IllegalArgumentException("'" + raw + "' is too long; allowed: from " + Durations.format(min)
                    + " to " + Durations.format(max));
        }
        return d;
    }

    /** Empty means the clock's zone: the system's in production, the one a test pins. */
    private static ZoneId zone(String raw) {
        try {
            return ZoneId.of(raw.strip());
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException("'" + raw + "' is not a time zone; allowed: a name of the tz"
                    + " database such as Europe/Paris, America/New_York or UTC");
        }
    }

    /** An absolute http or https URL taken as it is (a web hook's path and query matter). */
    private static URI url(String raw) {
        String text = raw.strip();
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return uri;
            }
        } catch (java.net.URISyntaxException e) {
            // the message below says what is allowed
        }
        throw new IllegalArgumentException("'" + raw + "' is not a URL; allowed: an absolute http:// or https:// URL"
                + " such as https://hooks.example.net/monitor");
    }

    private static Optional<Path> promFile(IniFile.Entry e, ConfigKey.Context c) {
        Path file = Values.path(Values.single(e), c.instanceRoot());
        if (!file.getFileName().toString().endsWith(".prom")) {
            throw new IllegalArgumentException("'" + Values.single(e) + "' does not end in .prom; allowed: a file"
                    + " named *.prom, the only files node_exporter's textfile collector reads");
        }
        return Optional.of(file);
    }

    /** Labels the monitor's own alert labels do not override; names as Prometheus allows them. */
    private static Map<String, String> labels(IniFile.Entry e, ConfigKey.Context c) {
        Map<String, String> labels = new java.util.LinkedHashMap<>();
        for (String item : e.items()) {
            int eq = item.indexOf('=');
            String name = eq < 0 ? item.strip() : item.substring(0, eq).strip();
            if (eq < 0 || !name.matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
                throw new IllegalArgumentException("'" + item.strip() + "' is not a label; allowed: name=value, the"
                        + " name of letters, digits and _, not starting with a digit");
            }
            if (List.of("alertname", "service", "monitor", "instance", "status", "severity").contains(name)) {
                throw new IllegalArgumentException("label '" + name + "' is the monitor's own; allowed: any other"
                        + " name");
            }
            labels.put(name, item.substring(eq + 1).strip());
        }
        return labels;
    }

    private static List<String> command(IniFile.Entry e, ConfigKey.Context c) {
        List<String> argv = ShellWords.split(Values.expand(String.join(" ", e.items()), c.instanceRoot()));
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("is empty; allowed: a program and its arguments");
        }
        return argv;
    }

    private static ConfigKey<Path> folder(String name, String relative, String meaning) {
        return REGISTRY.register(name, "$instance/" + relative, meaning,
                (e, c) -> Values.path(Values.single(e), c.instanceRoot()),
                c -> c.instanceRoot().resolve(relative));
    }
}
