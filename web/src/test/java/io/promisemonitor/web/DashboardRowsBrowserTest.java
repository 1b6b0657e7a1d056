package io.promisemonitor.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.promisemonitor.core.config.ServiceConfig;
import io.promisemonitor.core.dashboard.Dashboard;
import io.promisemonitor.core.dashboard.DashboardSettings;
import io.promisemonitor.core.executor.RunReason;
import io.promisemonitor.core.executor.ServiceRunOutcome;
import io.promisemonitor.core.promise.Perfdata;
import io.promisemonitor.core.promise.PromiseResult;
import io.promisemonitor.core.status.StatusChange;
import io.promisemonitor.core.status.StatusStore;
import io.promisemonitor.core.testing.Chromium;
import io.promisemonitor.core.testing.MutableClock;
import io.promisemonitor.core.testing.TestConfigs;
import io.promisemonitor.core.testing.TestInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With more services than the index lists itself, monitor.js draws the others from rows.json: in a real chromium
 * over the real server, every service has its row, in the order of the page, with the markup the server gives
 * the rows it lists; without JavaScript the page lists the bad ones first.
 */
class DashboardRowsBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int SERVICES = 300;

    @TempDir
    Path dir;

    /** Near the real time: the page compares dates with the browser's clock. */
    private final MutableClock clock = MutableClock.at(Instant.now().truncatedTo(ChronoUnit.SECONDS),
            ZoneOffset.UTC);
    private final List<AutoCloseable> open = new ArrayList<>();
    private final List<ServiceConfig> shown = new CopyOnWriteArrayList<>();
    private final Map<String, String> expected = new LinkedHashMap<>();
    private TestInstance instance;
    private Dashboard dashboard;
    private WebFixture web;
    private Chromium browser;

    @BeforeEach
    void setUp() throws Exception {
        instance = TestInstance.create(dir.resolve("box"), "title = Box", "spread-starts = no", "httpd-port = 0",
                "dashboard-refresh = 1s");
        dashboard = new Dashboard(instance.monitor(), clock, DashboardSettings.of(instance.monitor()),
                () -> List.copyOf(shown));
        open.add(dashboard);
        StatusStore store = StatusStore.of(instance.monitor(), clock);
        List<ServiceConfig> all = new ArrayList<>();
        for (int i = 0; i < SERVICES; i++) {
            String name = String.format("svc-%03d", i);
            all.add(TestConfigs.service(instance.monitor(), name).title("Service <" + i + "> & 'co'").build());
        }
        shown.addAll(all);
        Instant start = clock.instant();
        for (int run = 0; run < 3; run++) {
            clock.set(start.plus(Duration.ofMinutes(run)));
            for (int i = 0; i < SERVICES; i++) {
                if (i % 50 == 49) {
                    continue; // no result yet: PENDING
                }
                PromiseResult result = i % 10 == 0 && run == 2 ? PromiseResult.error("disk \"/srv\" < 5% free")
                        : i % 10 == 1 ? PromiseResult.warning("slow & steady") : PromiseResult.ok("fine <b>" + i);
                if (i % 7 == 0) {
                    result = result.withPerfdata(List.of(new Perfdata("/srv", 97, "%", "90", "95", "0", "100")));
                }
                StatusChange change = store.record(all.get(i), result, clock.instant(), Duration.ofMillis(120), 0);
                dashboard.recorded(ServiceRunOutcome.ran(all.get(i).name(), change.current(),
                        RunReason.SCHEDULE), change);
            }
        }
        dashboard.renderNow();
        web = WebFixture.start(instance, clock, b -> b);
        open.add(0, web);
        browser = Chromium.launch(dir.resolve("profile"));
        open.add(0, browser);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private List<String> rowIds() {
        List<String> ids = new ArrayList<>();
        browser.evaluate("Array.from(document.querySelectorAll('tr.service')).map(r => r.dataset.service + ' '"
                + " + r.dataset.status)").forEach(n -> ids.add(n.asText()));
        return ids;
    }

    @Test
    void theRowsThePageLeavesOutAreDrawnInItsOrderForEveryService() throws Exception {
        String html = Files.readString(instance.monitor().webFolder().resolve("index.html"));
        assertThat(Pattern.compile("<tr id=").matcher(html).results().count()).as("rows the page lists itself")
                .isEqualTo(200);

        browser.navigate(web.server.url().toString());
        browser.waitFor("document.querySelectorAll('tr.service').length == " + SERVICES
                + " && !document.getElementById('rows').hasAttribute('data-partial')", WAIT);

        List<String> ids = rowIds();
        List<String> wanted = new ArrayList<>();
        // ERROR, then WARNING, then no result yet, then OK; by name within each
        for (String status : List.of("ERROR", "WARNING", "PENDING", "OK")) {
            for (int i = 0; i < SERVICES; i++) {
                String s = i % 50 == 49 ? "PENDING" : i % 10 == 0 ? "ERROR" : i % 10 == 1 ? "WARNING" : "OK";
                if (s.equals(status)) {
                    wanted.add(String.format("svc-%03d", i) + " " + s);
                }
            }
        }
        assertThat(ids).containsExactlyElementsOf(wanted);
        assertThat(browser.text("document.getElementById('counts').innerText.replace(/\\s+/g, ' ')"))
                .isEqualTo("30 ERROR 0 UNKNOWN 30 WARNING 6 PENDING 234 OK 0 STALE");
        assertThat(browser.text("document.querySelector('tr[data-service=svc-298] .title a').textContent"))
                .isEqualTo("Service <298> & 'co'");
        assertThat(browser.text("document.querySelector('tr[data-service=svc-298] .message .text').textContent"))
                .isEqualTo("fine <b>298");
        assertThat(browser.console()).noneMatch(line -> line.contains("Error"));
    }

    @Test
    void aDrawnRowIsTheRowTheServerWritesForTheSameService() throws Exception {
        browser.navigate(web.server.url().toString());
        browser.waitFor("!document.getElementById('rows').hasAttribute('data-partial')", WAIT);
        Map<String, String> drawn = rows("Array.from(document.querySelectorAll('tr.service')).slice(200)");
        assertThat(drawn).hasSize(SERVICES - 200);

        // The same services alone: few enough for the page to list them all itself.
        shown.removeIf(s -> !drawn.containsKey(s.name()));
        dashboard.renderNow();
        browser.javaScript(false);
        browser.navigate(web.server.url().toString());
        Map<String, String> written = rows("Array.from(document.querySelectorAll('tr.service'))");
        assertThat(written.keySet()).containsExactlyInAnyOrderElementsOf(drawn.keySet());
        drawn.forEach((id, row) -> assertThat(row).as(id).isEqualTo(written.get(id)));
    }

    @Test
    void withoutJavaScriptThePageListsTheBadOnesFirstAndSaysWhereTheOthersAre() {
        browser.javaScript(false);
        browser.navigate(web.server.url().toString());

        List<String> ids = rowIds();
        assertThat(ids).hasSize(200);
        assertThat(ids.subList(0, 30)).allMatch(r -> r.endsWith(" ERROR"));
        assertThat(ids.subList(30, 60)).allMatch(r -> r.endsWith(" WARNING"));
        assertThat(ids.subList(60, 66)).allMatch(r -> r.endsWith(" PENDING"));
        assertThat(ids.subList(66, 200)).allMatch(r -> r.endsWith(" OK"));
        assertThat(browser.text("document.getElementById('more-rows').textContent")).isEqualTo("The first 200"
                + " services are listed above (bad ones first); the script draws the 100 others from rows.json."
                + " Every service's status is in monitor.haljson and its status file.");
        assertThat(browser.text("document.getElementById('counts').innerText.replace(/\\s+/g, ' ')"))
                .isEqualTo("30 ERROR 0 UNKNOWN 30 WARNING 6 PENDING 234 OK 0 STALE");
    }

    /**
     * Each row's HTML by service, relative times left out (the page redoes them as time passes), and the mark the
     * script sets on a rerun form it has bound.
     */
    private Map<String, String> rows(String rows) {
        JsonNode list = browser.evaluate(rows + ".map(r => [r.dataset.service, r.outerHTML])");
        Map<String, String> out = new LinkedHashMap<>();
        list.forEach(pair -> out.put(pair.get(0).asText(), pair.get(1).asText()
                .replaceAll("data-ago=\"\">[^<]*<", "data-ago=\"\"><").replace(" data-bound=\"\"", "")));
        return out;
    }
}
