package io.promisemonitor.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.promisemonitor.core.executor.RunReason;
import io.promisemonitor.core.dashboard.Dashboard;
import io.promisemonitor.cgi.InProcessBackend;
import io.promisemonitor.core.executor.PromiseExecutor;
import io.promisemonitor.core.config.PromiseRegistry;
import io.promisemonitor.core.liveness.Heartbeat;
import io.promisemonitor.core.testing.Chromium;
import io.promisemonitor.core.testing.MutableClock;
import io.promisemonitor.core.testing.TestInstance;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in a real headless chromium, served by the real server with its real rerun endpoint and login,
 * beside a second real server as a related monitor.
 */
class DashboardBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String ROWS = "Array.from(document.querySelectorAll('tr.service'))";
    private static final Path SHOTS = Path.of("target");

    @TempDir
    Path dir;

    /** Near the real time: the page compares dates with the browser's clock. */
    private final MutableClock clock = MutableClock.at(Instant.now().truncatedTo(ChronoUnit.SECONDS),
            ZoneOffset.UTC);
    private final List<AutoCloseable> open = new ArrayList<>();
    private TestInstance instance;
    private PromiseExecutor executor;
    private Dashboard dashboard;
    private WebFixture web;
    private WebFixture related;
    private Chromium browser;

    @BeforeEach
    void setUp() throws Exception {
        related = relatedMonitor();
        int dead;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            dead = s.getLocalPort();
        }
        instance = TestInstance.create(dir.resolve("box"), "title = Box", "spread-starts = no", "httpd-port = 0",
                "dashboard-refresh = 1s", "monitor-url-list =", "  " + related.server.url(),
                "  http://127.0.0.1:" + dead + "/");
        instance.service("fine", "title = Always fine");
        instance.script("fine", "echo '{\"message\": \"all good\"}'");
        instance.service("warns", "title = Disk usage");
        instance.script("warns", "echo 'DISK WARNING - /srv is 91% used | /srv=91%;90;95;0;100'; exit 1");
        instance.service("fails", "title = Nightly backup");
        instance.script("fails", "if [ -f \"$MONITOR_INSTANCE/backup-done\" ]; then echo '{\"message\": \"backup ok\"}';"
                + " exit 0; fi; echo '{\"message\": \"last backup is 3 days old\"}'; exit 1");
        executor = new PromiseExecutor(instance.monitor(), clock, PromiseRegistry.fromClassPath());
        PromiseExecutor.prepareFolders(instance.monitor());
        dashboard = Dashboard.attach(executor, clock);
        executor.tick();
        assertThat(executor.awaitIdle(WAIT)).isTrue();
        dashboard.renderNow();
        web = WebFixture.start(instance, executor, InProcessBackend.of(executor), clock, b -> b).withLogin();
        open.add(web);
        open.add(0, dashboard);
        browser = Chromium.launch(dir.resolve("profile"));
        open.add(0, browser);
        browser.logIn(WebFixture.USER, WebFixture.PASSWORD);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    /** A second monitor on its own server, readable from any origin, with one failing and one passing service. */
    private WebFixture relatedMonitor() throws Exception {
        TestInstance other = TestInstance.create(dir.resolve("other"), "title = Other box", "spread-starts = no",
                "httpd-port = 0", "cors-allowed-origins = *");
        other.service("db", "title = Database");
        other.script("db", "echo '{\"message\": \"replication lag 5 min\"}'; exit 1");
        other.service("web", "title = Front page");
        other.script("web", "echo '{\"message\": \"200 OK\"}'");
        WebFixture f = WebFixture.start(other, clock, b -> b);
        open.add(f);
        return f;
    }

    private void load() {
        browser.navigate(web.server.url().toString());
        browser.waitFor(ROWS + ".length == 3", WAIT);
    }

    /** id, status and message of every row that is not hidden, top to bottom. */
    private List<String> visibleRows() {
        JsonNode rows = browser.evaluate(ROWS + ".filter(r => !r.hidden).map(r => r.dataset.service + ' '"
                + " + r.querySelector('.status .badge').textContent + ' ' + r.querySelector('.message .text')"
                + ".textContent)");
        List<String> out = new ArrayList<>();
        rows.forEach(r -> out.add(r.asText()));
        return out;
    }

    private String rowText(String service, String selector) {
        return browser.text("document.querySelector('tr[data-service=" + service + "] " + selector + "').textContent");
    }

    @Test
    void rowsRenderForPassingWarningAndFailingServicesAndScreenshotsAreSaved() {
        load();

        assertThat(visibleRows()).containsExactly("fails ERROR last backup is 3 days old",
                "warns WARNING DISK WARNING - /srv is 91% used", "fine OK all good");
        assertThat(browser.text("document.getElementById('counts').innerText.replace(/\\s+/g, ' ')"))
                .isEqualTo("1 ERROR 0 UNKNOWN 1 WARNING 0 PENDING 1 OK 0 STALE");
        assertThat(browser.text("document.querySelector('tr[data-service=fails] button').getAttribute('aria-label')"))
                .isEqualTo("Rerun Nightly backup");
        assertThat(browser.text("document.getElementById('filter').getAttribute('aria-label')"))
                .isEqualTo("Filter services by name, status or message");
        browser.waitFor("document.querySelectorAll('.related-group').length == 2", WAIT);
        browser.screenshot(SHOTS.resolve("dashboard.png"));

        browser.viewport(390, 844, true);
        browser.navigate(web.server.url().toString());
        browser.waitFor(ROWS + ".length == 3", WAIT);
        assertThat(browser.evaluate("document.documentElement.scrollWidth").asInt()).as("no sideways scrolling")
                .isLessThanOrEqualTo(390);
        browser.screenshot(SHOTS.resolve("dashboard-phone.png"));

        browser.colorScheme("dark");
        browser.viewport(1280, 900, false);
        assertThat(browser.text("getComputedStyle(document.body).backgroundColor")).isEqualTo("rgb(13, 17, 23)");
        browser.screenshot(SHOTS.resolve("dashboard-dark.png"));
        assertThat(SHOTS.resolve("dashboard.png")).isNotEmptyFile();
        assertThat(browser.console()).noneMatch(line -> line.startsWith("exception"));
    }

    @Test
    void theFilterBoxHidesTheRowsThatDoNotMatch() {
        load();

        browser.type("#filter", "backup");
        browser.waitFor(ROWS + ".filter(r => !r.hidden).length == 1", WAIT);
        assertThat(visibleRows()).containsExactly("fails ERROR last backup is 3 days old");
        assertThat(browser.text("document.getElementById('filter-count').textContent")).isEqualTo("1 of 3 shown");

        browser.evaluate("(() => { const f = document.getElementById('filter'); f.value = 'warning';"
                + " f.dispatchEvent(new Event('input')); })()");
        assertThat(visibleRows()).containsExactly("warns WARNING DISK WARNING - /srv is 91% used");
    }

    @Test
    void withJavaScriptOffThePageShowsTheSameRows() {
        load();
        List<String> withScript = visibleRows();

        browser.javaScript(false);
        browser.navigate(web.server.url().toString());

        assertThat(visibleRows()).isEqualTo(withScript).hasSize(3);
        assertThat(browser.evaluate("document.querySelector('.filter').hidden").asBoolean())
                .as("the filter needs the script, so it stays hidden").isTrue();
        assertThat(rowText("fails", ".last-run")).contains("took ");
        assertThat(browser.evaluate("document.querySelectorAll('tr[data-service=fails] .strip i').length").asInt())
                .isEqualTo(1);
    }

    @Test
    void eachCellOfTheStripGetsTheTimeOfItsOwnRunOnHover() throws Exception {
        for (int i = 0; i < 2; i++) {
            clock.advance(Duration.ofMinutes(1));
            executor.trigger("fails", RunReason.SCHEDULE);
            assertThat(executor.awaitIdle(WAIT)).isTrue();
        }
        dashboard.renderNow();
        load();
        String cells = "document.querySelectorAll('tr[data-service=fails] .strip i')";
        assertThat(browser.evaluate(cells + ".length").asInt()).isEqualTo(3);
        assertThat(browser.text("document.querySelector('tr[data-service=fails] .strip span').title"))
                .endsWith(clock.instant().toString().substring(11, 19) + " Z, 3 runs, ERROR: last backup is 3 days old");

        JsonNode tips = browser.evaluate("Array.from(" + cells + ").map(c => {"
                + " c.dispatchEvent(new MouseEvent('mouseover', {bubbles: true})); return c.title; })");

        List<String> texts = new ArrayList<>();
        tips.forEach(t -> texts.add(t.asText()));
        assertThat(texts).hasSize(3).allMatch(t -> t.matches(
                "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d ERROR: last backup is 3 days old"), "a time and the message");
        // in the browser's own zone: one minute between runs
        assertThat(browser.evaluate("Array.from(" + cells + ").map(c => Date.parse(c.title.slice(0, 19)"
                + ".replace(' ', 'T'))).map((t, i, all) => (t - all[0]) / 1000)").toString()).isEqualTo("[0,60,120]");
    }

    @Test
    void aRelatedMonitorIsShownGroupedAndOneThatIsDownShowsAsUnreachable() {
        load();

        browser.waitFor("document.querySelector('.related-group.unreachable .unreachable-text')", WAIT);
        assertThat(browser.text("document.querySelector('.related-group.unreachable .unreachable-text').textContent"))
                .startsWith("unreachable since ").endsWith("(cannot connect)");
        browser.waitFor("document.querySelectorAll('.related-group:not(.unreachable) li').length == 2", WAIT);
        assertThat(browser.text("document.querySelector('.related-group:not(.unreachable) h3').textContent"))
                .isEqualTo("Other box " + related.server.url());
        assertThat(browser.text("Array.from(document.querySelectorAll('.related-group:not(.unreachable) li'))"
                + ".map(li => li.textContent).join(' | ')"))
                .isEqualTo("ERROR Database replication lag 5 min | OK Front page 200 OK");
    }

    @Test
    void theRerunButtonStartsARunShowsItUnderWayAndThenTheNewResult() throws Exception {
        load();
        // Slow enough that the page's first look at the status file still finds the old result.
        instance.script("fails", "sleep 1.5; echo '{\"message\": \"backup ok\"}'");
        clock.advance(Duration.ofSeconds(2));

        browser.click("tr[data-service=fails] form.rerun button");
        browser.waitFor("document.querySelector('tr[data-service=fails] .rerun-state').textContent == 'running…'",
                WAIT);

        browser.waitFor("document.querySelector('tr[data-service=fails] .rerun-state').textContent.startsWith('done: OK')",
                WAIT);
        assertThat(rowText("fails", ".rerun-state")).isEqualTo("done: OK (backup ok)");
        assertThat(rowText("fails", ".status .badge")).isEqualTo("OK");
        assertThat(rowText("fails", ".message .text")).isEqualTo("backup ok");
        assertThat(browser.evaluate("performance.getEntriesByType('resource').some(e =>"
                + " e.name.includes('/cgi-bin/monitor-run-promise.cgi?service=fails') && e.responseStatus == 202)")
                .asBoolean()).as("the POST was answered 202").isTrue();
    }

    @Test
    void theRerunButtonSaysWhenLoginIsNeeded() {
        load();
        browser.dismissLoginDialogs();

        browser.click("tr[data-service=fails] form.rerun button");

        browser.waitFor("document.querySelector('tr[data-service=fails] .rerun-state').textContent.startsWith('login')",
                WAIT);
        assertThat(rowText("fails", ".rerun-state")).isEqualTo("login needed: log in to rerun (reload the page to be"
                + " asked)");
    }

    @Test
    void theRerunButtonSaysWhenThePromiseIsAlreadyRunning() throws Exception {
        instance.script("fails", "while [ ! -f \"$MONITOR_INSTANCE/release\" ]; do sleep 0.05; done;"
                + " echo '{\"message\": \"slow but fine\"}'");
        load();
        Optional<PromiseExecutor.Enqueued> first = executor.trigger("fails", RunReason.SCHEDULE);
        assertThat(first).isPresent();
        Instant queued = first.get().ticket().queuedAt();
        try {
            browser.click("tr[data-service=fails] form.rerun button");

            browser.waitFor("document.querySelector('tr[data-service=fails] .rerun-state').textContent"
                    + ".startsWith('already')", WAIT);
            String note = rowText("fails", ".rerun-state");
            assertThat(note).startsWith("already running since ");
            assertThat(List.of("already running since " + queued, "already running since "
                    + first.get().ticket().startedAt())).contains(note);
        } finally {
            Files.writeString(instance.root().resolve("release"), "");
        }
        assertThat(executor.awaitIdle(WAIT)).isTrue();
    }

    @Test
    void thePageRefreshesWithoutAReloadPollingWithETags() throws Exception {
        load();
        browser.evaluate("window.sameDocument = 42");
        // Unchanged, the page is answered 304 to its If-None-Match.
        browser.waitFor("performance.getEntriesByType('resource').some(e => e.responseStatus == 304"
                + " && new URL(e.name).pathname == '/')", WAIT);
        Files.writeString(instance.root().resolve("backup-done"), "");
        clock.advance(Duration.ofSeconds(2));

        // A scheduled run, not a rerun: the page learns of it only by polling.
        executor.trigger("fails", RunReason.SCHEDULE);
        assertThat(executor.awaitIdle(WAIT)).isTrue();
        dashboard.renderNow();

        browser.waitFor("document.querySelector('tr[data-service=fails] .message .text').textContent == 'backup ok'",
                WAIT);
        assertThat(browser.evaluate("window.sameDocument").asInt()).as("no reload happened").isEqualTo(42);
        assertThat(browser.text("document.getElementById('counts').innerText.replace(/\\s+/g, ' ')"))
                .isEqualTo("0 ERROR 0 UNKNOWN 1 WARNING 0 PENDING 2 OK 0 STALE");
    }

    @Test
    void thePageSaysTheExecutorIsNotRunningWhenItsHeartbeatIsOld() {
        // Half a minute more: the page takes "now" from the server's Date header, which has whole seconds only.
        Heartbeat.write(instance.monitor(), clock.instant().minus(Duration.ofSeconds(630)));

        load();

        browser.waitFor("!document.getElementById('executor-state').hidden", WAIT);
        assertThat(browser.text("document.getElementById('executor-state').textContent"))
                .startsWith("executor not running since ").endsWith("(10 min ago)");
    }
}
