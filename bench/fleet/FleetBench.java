import com.fasterxml.jackson.databind.JsonNode;
import io.promisemonitor.cgi.SpoolBackend;
import io.promisemonitor.core.config.InstanceConfig;
import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.fleet.FleetLimits;
import io.promisemonitor.core.fleet.FleetLoop;
import io.promisemonitor.core.fleet.MonitorView;
import io.promisemonitor.core.render.SiteRenderer;
import io.promisemonitor.core.render.Templates;
import io.promisemonitor.core.testing.Chromium;
import io.promisemonitor.web.MonitorServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * 1. One real server (the monitor's own) serves M related monitors of S services each from folders m000/ ... of its
 *    web folder: monitor.haljson, executor-heartbeat.json and a status file per service, as a monitor publishes
 *    them. The fleet loop (default limits: 4 monitors at once) reads them all into fleet.json: median of 5 rounds
 *    after 1 warm-up. Baseline: the same loop over one of those monitors.
 * 2. Headless chromium loads fleet.html, served by the same server: time from navigation start until the page has
 *    drawn every row and the next frame is painted (its own performance mark 'fleet-rows-painted'), median of 5
 *    loads after 1 warm-up. Baseline: the same page over a fleet.json of one monitor, same loads.
 */
public class FleetBench {

    static final String[] STATUSES = {"OK", "OK", "OK", "OK", "OK", "OK", "OK", "WARNING", "ERROR", "UNKNOWN"};

    public static void main(String[] args) throws Exception {
        int monitors = Integer.parseInt(args[0]);
        int services = Integer.parseInt(args[1]);
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of(args[2])), "fleet-");
        try {
            run(work, monitors, services);
        } finally {
            try (Stream<Path> walk = Files.walk(work)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static void run(Path dir, int monitors, int services) throws Exception {
        Files.createDirectories(dir.resolve("etc"));
        Files.writeString(dir.resolve("etc/monitor.conf"), "[monitor]\ntitle = Bench fleet\nhttpd-port = 0\n");
        MonitorConfig monitor = InstanceConfig.loadMonitor(dir);
        Path web = monitor.webFolder();
        Files.createDirectories(web.resolve("one"));
        new SiteRenderer(monitor, Templates.of(Optional.empty())).installAssets();
        for (String asset : List.of("fleet.html", "fleet.js", "fleet.css", "monitor.css")) {
            Files.copy(web.resolve(asset), web.resolve("one").resolve(asset));
        }
        Instant now = Instant.now();
        for (int m = 0; m < monitors; m++) {
            publish(web.resolve(String.format("m%03d", m)), m, services, now);
        }
        try (MonitorServer server = MonitorServer.start(monitor, SpoolBackend.of(monitor, Clock.systemUTC()))) {
            List<URI> all = new ArrayList<>();
            for (int m = 0; m < monitors; m++) {
                all.add(server.url().resolve(String.format("m%03d/", m)));
            }
            Clock clock = Clock.systemUTC();
            List<Double> many = new ArrayList<>();
            List<Double> one = new ArrayList<>();
            try (FleetLoop fleet = new FleetLoop("Bench fleet", all, web.resolve(FleetLoop.FILE), clock,
                    FleetLimits.DEFAULT);
                    FleetLoop single = new FleetLoop("Bench fleet", all.subList(0, 1),
                            web.resolve("one").resolve(FleetLoop.FILE), clock, FleetLimits.DEFAULT)) {
                for (int round = 0; round < 6; round++) {
                    long a = System.nanoTime();
                    List<MonitorView> seen = fleet.round();
                    long b = System.nanoTime();
                    single.round();
                    long c = System.nanoTime();
                    long read = seen.stream().filter(v -> v.state() == MonitorView.State.OK).count();
                    if (read != monitors) {
                        throw new AssertionError("only " + read + " of " + monitors + " monitors read: " + seen);
                    }
                    if (round >= 1) {
                        many.add((b - a) / 1e6);
                        one.add((c - b) / 1e6);
                    }
                }
            }
            double manyMs = median(many);
            double oneMs = median(one);
            System.out.printf("fleet round: %d monitors x %d services (%d requests) %.0f ms, one monitor %.0f ms;"
                    + " fleet.json %.1f MB (medians of %d rounds)%n", monitors, services, monitors * (services + 2),
                    manyMs, oneMs, Files.size(web.resolve(FleetLoop.FILE)) / 1e6, many.size());
            System.out.printf("RESULT\tfleet\tround, %d monitors x %d services\t%.0f\tms\tround, 1 monitor\t%.0f\t%.2f"
                    + "\t< 60000 ms (the interval)%n", monitors, services, manyMs, oneMs, manyMs / oneMs);

            List<Double> page = new ArrayList<>();
            List<Double> baseline = new ArrayList<>();
            try (Chromium browser = Chromium.launch(dir.resolve("profile"))) {
                for (int round = 0; round < 6; round++) {
                    double a = load(browser, server.url().resolve("fleet.html").toString(), monitors * services);
                    double b = load(browser, server.url().resolve("one/fleet.html").toString(), services);
                    if (round >= 1) {
                        page.add(a);
                        baseline.add(b);
                    }
                }
            }
            double pageMs = median(page);
            double baseMs = median(baseline);
            System.out.printf("rows visible: %d monitors %.0f ms, one monitor %.0f ms (medians of %d loads)%n",
                    monitors, pageMs, baseMs, page.size());
            System.out.printf("RESULT\tfleet\trows visible in chromium, %d x %d\t%.0f\tms\tsame page, 1 monitor\t%.0f"
                    + "\t%.2f\t< 2000 ms%n", monitors, services, pageMs, baseMs, pageMs / baseMs);
        }
    }

    /** What a monitor publishes, in the folders it serves them from. */
    static void publish(Path root, int m, int services, Instant now) throws Exception {
        Files.createDirectories(root.resolve("public"));
        StringBuilder hal = new StringBuilder("{\"title\": \"Monitor " + m + "\", \"_links\": {\"self\": {\"href\":"
                + " \"monitor.haljson\"}}, \"_embedded\": {\"service\": [");
        for (int s = 0; s < services; s++) {
            String id = String.format("service-%02d", s);
            hal.append(s == 0 ? "" : ",").append("\n{\"id\": \"").append(id).append("\", \"title\": \"Service ")
                    .append(s).append(" of monitor ").append(m).append("\", \"_links\": {\"status\": {\"href\":"
                    + " \"public/").append(id).append(".status.json\"}, \"interface\": {\"href\": \"private/")
                    .append(id).append("/\"}}}");
            String status = STATUSES[(m * 7 + s) % STATUSES.length];
            Files.writeString(root.resolve("public").resolve(id + ".status.json"), "{\"id\": \"" + id
                    + "\", \"title\": \"Service " + s + " of monitor " + m + "\", \"status\": \"" + status
                    + "\", \"message\": \"" + (status.equals("OK") ? "all good: 12 checks passed in 0.1 s"
                            : "check failed: /srv/" + s + " is 97% used, 3 GiB left of 100 GiB")
                    + "\", \"start-date\": \"" + now.minusSeconds(30) + "\", \"change-date\": \""
                    + now.minus(Duration.ofHours(s)) + "\", \"execution-time\": 0.12, \"returncode\": 0,"
                    + " \"perfdata\": []}\n");
        }
        Files.writeString(root.resolve("monitor.haljson"), hal.append("]}}\n").toString());
        Files.writeString(root.resolve("executor-heartbeat.json"), "{\"executor-heartbeat\": \"" + now + "\"}\n");
    }

    /** Loads {@code url}; ms from navigation start until the rows are drawn and the next frame painted. */
    static double load(Chromium browser, String url, int rows) {
        browser.navigate(url);
        browser.waitFor("document.body.getAttribute('data-drawn') == 'yes'", Duration.ofSeconds(30));
        int drawn = browser.evaluate("document.querySelectorAll('tr.service').length").asInt();
        if (drawn != rows) {
            throw new AssertionError(url + ": " + drawn + " rows drawn, expected " + rows);
        }
        JsonNode t = browser.evaluate("(() => { const json = performance.getEntriesByType('resource')"
                + ".find(r => r.name.endsWith('fleet.json')); return {json: json ? json.responseEnd : 0,"
                + " drawn: performance.getEntriesByName('fleet-rows')[0].startTime,"
                + " painted: performance.getEntriesByName('fleet-rows-painted')[0].startTime}; })()");
        if (System.getenv("FLEET_BENCH_DETAIL") != null) {
            System.out.println(url + ": " + t);
        }
        return t.get("painted").asDouble();
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }
}
