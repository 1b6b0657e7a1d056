package io.promisemonitor.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.promisemonitor.core.dashboard.Dashboard;
import io.promisemonitor.core.fleet.FleetLimits;
import io.promisemonitor.core.fleet.FleetLoop;
import io.promisemonitor.core.fleet.MonitorView;
import io.promisemonitor.core.liveness.Heartbeat;
import io.promisemonitor.core.testing.Chromium;
import io.promisemonitor.core.testing.MutableClock;
import io.promisemonitor.core.testing.TestInstance;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet page in a real headless chromium: three real monitors, each its own instance with real runs behind its
 * own real server on a loopback port (one whose executor's heartbeat is old), and a fourth URL where nothing
 * listens. The first one's fleet loop reads all four into its fleet.json, and its server serves the page.
 */
class FleetBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String ROWS = "Array.from(document.querySelectorAll('tr.service'))";
    private static final String GROUPS = "Array.from(document.querySelectorAll('.fleet-group'))";

    @TempDir
    Path dir;

    /** Near the real time: the page compares dates with the browser's clock. */
    private final MutableClock clock = MutableClock.at(Instant.now().truncatedTo(ChronoUnit.SECONDS),
            ZoneOffset.UTC);
    private final List<AutoCloseable> open = new ArrayList<>();
    private WebFixture central;
    private WebFixture shop;
    private WebFixture mail;
    private String dead;
    private Instant mailBeat;
    private Chromium browser;

    @BeforeEach
    void setUp() throws Exception {
        central = monitor("central", "Central", "backup", "Nightly backup",
                "echo '{\"message\": \"last backup is 3 days old\"}'; exit 1", "fine", "Always fine",
                "echo '{\"message\": \"all good\"}'");
        shop = monitor("shop", "Shop", "db", "Database", "echo '{\"message\": \"replication lag 5 min\"}'; exit 1",
                "web", "Front page", "echo '{\"message\": \"200 OK\"}'", "disk", "Disk usage",
                "echo 'DISK WARNING - /srv is 91% used | /srv=91%;90;95;0;100'; exit 1");
        mail = monitor("mail", "Mail", "smtp", "SMTP", "echo '{\"message\": \"220 ready\"}'", "queue", "Mail queue",
                "echo '{\"message\": \"<img src=x onerror=alert(1)> 12 mails queued\"}'");
        // Its executor stopped ten minutes ago: its last beat is that old.
        mailBeat = clock.instant().minus(Duration.ofMinutes(10));
        Heartbeat.write(mail.instance.monitor(), mailBeat);
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            dead = "http://127.0.0.1:" + s.getLocalPort() + "/";
        }
        // The page and its script, as the executor's dashboard installs them.
        try (Dashboard dashboard = Dashboard.attach(central.executor, clock)) {
            dashboard.renderNow();
        }
        FleetLoop fleet = new FleetLoop("Central", List.of(central.server.url(), shop.server.url(),
                mail.server.url(), URI.create(dead)), central.instance.monitor().webFolder().resolve(FleetLoop.FILE),
                clock, FleetLimits.DEFAULT);
        open.add(0, fleet);
        List<MonitorView> views = fleet.round();
        assertThat(views).extracting(MonitorView::state).containsExactly(MonitorView.State.OK,
                MonitorView.State.OK, MonitorView.State.EXECUTOR_DOWN, MonitorView.State.UNREACHABLE);
        browser = Chromium.launch(dir.resolve("profile"));
        open.add(0, browser);
        browser.navigate(central.server.url().resolve("fleet.html").toString());
        browser.waitFor(ROWS + ".length == 7", WAIT);
        // laid out once: innerText is empty for content the browser has not rendered yet
        browser.waitFor("document.querySelector('.fleet-group h2').innerText.length > 0", WAIT);
    }

    /** A monitor with real runs of its services, given as name, title and script, three strings each. */
    private WebFixture monitor(String folder, String title, String... services) throws Exception {
        TestInstance instance = TestInstance.create(dir.resolve(folder), "title = " + title, "spread-starts = no",
                "httpd-port = 0");
        for (int i = 0; i + 2 < services.length; i += 3) {
            instance.service(services[i], "title = " + services[i + 1]);
            instance.script(services[i], services[i + 2]);
        }
        WebFixture f = WebFixture.start(instance, clock, b -> b);
        open.add(f);
        return f;
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private List<String> list(String expression) {
        List<String> out = new ArrayList<>();
        browser.evaluate(expression).forEach(n -> out.add(n.asText()));
        return out;
    }

    private List<String> visibleRows() {
        return list(ROWS + ".filter(r => !r.hidden).map(r => r.dataset.service + ' ' + r.dataset.status + ' '"
                + " + r.querySelector('.message .text').textContent)");
    }

    private List<String> visibleGroups() {
        return list(GROUPS + ".filter(g => !g.hidden).map(g => g.querySelector('h2 .name').textContent)");
    }

    private String groupText(String name, String selector) {
        return browser.text(GROUPS + ".find(g => g.querySelector('h2 .name').textContent == " + Chromium.quote(name)
                + ").querySelector(" + Chromium.quote(selector) + ").innerText.replace(/\\s+/g, ' ')");
    }

    /**
     * The text of an element of a group as in its markup: the groups have {@code content-visibility: auto}, and
     * innerText is empty for one the browser has not laid out yet (it failed once on a fresh clone).
     */
    private String groupMarkupText(String name, String selector) {
        return browser.text(GROUPS + ".find(g => g.querySelector('h2 .name').textContent == " + Chromium.quote(name)
                + ").querySelector(" + Chromium.quote(selector) + ").textContent.replace(/\\s+/g, ' ').trim()");
    }

    @Test
    void servicesAreGroupedByMonitorBadMonitorsFirstWithCountsPerMonitorAndPerStatus() {
        assertThat(visibleGroups()).containsExactly(dead, "Mail", "Central", "Shop");
        assertThat(visibleRows()).containsExactly("queue OK <img src=x onerror=alert(1)> 12 mails queued", "smtp OK 220 ready",
                "backup ERROR last backup is 3 days old", "fine OK all good", "db ERROR replication lag 5 min",
                "disk WARNING DISK WARNING - /srv is 91% used", "web OK 200 OK");
        assertThat(groupText("Shop", ".counts")).isEqualTo("1 ERROR 0 UNKNOWN 1 WARNING 0 PENDING 1 OK");
        assertThat(groupText("Central", ".counts")).isEqualTo("1 ERROR 0 UNKNOWN 0 WARNING 0 PENDING 1 OK");
        assertThat(groupText("Mail", ".counts")).isEqualTo("0 ERROR 0 UNKNOWN 0 WARNING 0 PENDING 2 OK");
        assertThat(groupText(dead, ".counts")).isEqualTo("0 ERROR 0 UNKNOWN 0 WARNING 0 PENDING 0 OK");
        assertThat(browser.text("document.getElementById('fleet-counts').innerText.replace(/\\s+/g, ' ')"))
                .isEqualTo("2 ERROR 0 UNKNOWN 1 WARNING 0 PENDING 4 OK");
        assertThat(browser.text("document.getElementById('fleet-monitors').textContent"))
                .isEqualTo("4 monitors: 2 reachable, 1 unreachable, 1 with their executor not running");
        assertThat(browser.text("document.title")).isEqualTo("Fleet · Central");
        assertThat(browser.text("document.querySelector('tr[data-service=db] .title a').href"))
                .isEqualTo(shop.server.url() + "service/db.html");
        browser.screenshot(Path.of("target/fleet.png"));
        assertThat(browser.console()).noneMatch(line -> line.startsWith("exception"));
    }

    @Test
    void anUnreachableMonitorAndAnOldHeartbeatAreShownAsSuch() {
        assertThat(groupMarkupText(dead, ".state")).startsWith("unreachable since ")
                .contains("): " + dead + "monitor.haljson: cannot connect");
        String local = browser.text("(() => { const d = new Date(" + mailBeat.toEpochMilli() + ");"
                + " const p = n => (n < 10 ? '0' : '') + n; return d.getFullYear() + '-' + p(d.getMonth() + 1) + '-'"
                + " + p(d.getDate()) + ' ' + p(d.getHours()) + ':' + p(d.getMinutes()) + ':' + p(d.getSeconds()); })()");
        assertThat(groupMarkupText("Mail", ".state")).isEqualTo("executor not running since " + local + " (10 min ago)");
        assertThat(browser.evaluate(GROUPS + ".filter(g => g.classList.contains('m-unreachable')).length").asInt())
                .isEqualTo(1);
        assertThat(groupMarkupText("Shop", "h2")).isEqualTo("Shop " + shop.server.url());
    }

    @Test
    void theFilterWorksAcrossTheFleetAndHidesMonitorsWithNothingShown() {
        browser.type("#filter", "replication");
        browser.waitFor(ROWS + ".filter(r => !r.hidden).length == 1", WAIT);
        assertThat(visibleRows()).containsExactly("db ERROR replication lag 5 min");
        assertThat(visibleGroups()).containsExactly("Shop");
        assertThat(browser.text("document.getElementById('filter-count').textContent"))
                .isEqualTo("1 of 7 services shown");

        browser.evaluate("(() => { const f = document.getElementById('filter'); f.value = 'mail';"
                + " f.dispatchEvent(new Event('input')); })()");
        assertThat(visibleRows()).containsExactly("queue OK <img src=x onerror=alert(1)> 12 mails queued", "smtp OK 220 ready");

        browser.evaluate("(() => { const f = document.getElementById('filter'); f.value = 'unreachable';"
                + " f.dispatchEvent(new Event('input')); })()");
        assertThat(visibleRows()).isEmpty();
        assertThat(visibleGroups()).containsExactly(dead);
    }

    @Test
    void badFirstAcrossTheFleetListsEveryServiceInOneTableAndKeepsTheFilter() {
        browser.type("#filter", "ok");
        browser.click("#bad-first");
        browser.waitFor("document.querySelectorAll('td.monitor').length == 7", WAIT);
        assertThat(visibleRows()).containsExactly("fine OK all good", "queue OK <img src=x onerror=alert(1)> 12 mails queued",
                "smtp OK 220 ready", "web OK 200 OK");

        browser.evaluate("(() => { const f = document.getElementById('filter'); f.value = '';"
                + " f.dispatchEvent(new Event('input')); })()");
        assertThat(visibleRows()).containsExactly("backup ERROR last backup is 3 days old",
                "db ERROR replication lag 5 min", "disk WARNING DISK WARNING - /srv is 91% used", "fine OK all good",
                "queue OK <img src=x onerror=alert(1)> 12 mails queued", "smtp OK 220 ready", "web OK 200 OK");
        assertThat(list("Array.from(document.querySelectorAll('td.monitor')).map(t => t.textContent)")).containsExactly(
                "Central", "Shop", "Shop", "Central", "Mail", "Mail", "Shop");
        // the monitors that cannot be read, or whose executor stopped, head the list
        assertThat(visibleGroups()).containsExactly(dead, "Mail");
        browser.screenshot(Path.of("target/fleet-bad-first.png"));

        browser.click("#bad-first");
        browser.waitFor("document.querySelectorAll('td.monitor').length == 0", WAIT);
        assertThat(visibleGroups()).containsExactly(dead, "Mail", "Central", "Shop");
    }

    @Test
    void onAPhoneThePageNeedsNoSidewaysScrolling() {
        browser.viewport(390, 844, true);
        browser.navigate(central.server.url().resolve("fleet.html").toString());
        browser.waitFor(ROWS + ".length == 7", WAIT);
        assertThat(browser.evaluate("document.documentElement.scrollWidth").asInt()).as("no sideways scrolling")
                .isLessThanOrEqualTo(390);
        browser.screenshot(Path.of("target/fleet-phone.png"));
    }

    @Test
    void withoutFleetJsonThePageSaysWhy() throws Exception {
        java.nio.file.Files.delete(central.instance.monitor().webFolder().resolve(FleetLoop.FILE));
        browser.navigate(central.server.url().resolve("fleet.html").toString());
        browser.waitFor("document.getElementById('fleet-state').classList.contains('alert')", WAIT);
        assertThat(browser.text("document.getElementById('fleet-state').textContent")).isEqualTo("no fleet.json yet:"
                + " the executor writes it within a minute of starting, when monitor-url-list lists related monitors");
    }

    @Test
    void everythingARelatedMonitorSentIsShownAsText() {
        JsonNode html = browser.evaluate("document.querySelectorAll('#fleet script, #fleet img, #fleet iframe').length");
        assertThat(html.asInt()).isZero();
        assertThat(browser.text("document.querySelector('tr[data-service=queue] .message .text').textContent"))
                .isEqualTo("<img src=x onerror=alert(1)> 12 mails queued");
    }
}
