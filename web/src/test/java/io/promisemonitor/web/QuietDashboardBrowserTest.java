package io.promisemonitor.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.promisemonitor.cgi.InProcessBackend;
import io.promisemonitor.core.config.PromiseRegistry;
import io.promisemonitor.core.dashboard.Dashboard;
import io.promisemonitor.core.executor.PromiseExecutor;
import io.promisemonitor.core.executor.RunReason;
import io.promisemonitor.core.quiet.Silences;
import io.promisemonitor.core.testing.Chromium;
import io.promisemonitor.core.testing.MutableClock;
import io.promisemonitor.core.testing.TestInstance;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard's rows for a service in maintenance, services blocked by a failing dependency and a change not
 * confirmed yet, in headless chromium over the real server; the screenshot is kept in {@code target/}.
 */
class QuietDashboardBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String ROWS = "Array.from(document.querySelectorAll('tr.service'))";
    private static final Path SHOTS = Path.of("target");

    @TempDir
    Path dir;

    /** Near the real time: the page compares dates with the browser's clock. */
    private final MutableClock clock = MutableClock.at(Instant.now().truncatedTo(ChronoUnit.SECONDS),
            ZoneOffset.UTC);
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private static void failing(TestInstance instance, String name, String title, String message, String... keys) {
        List<String> lines = new ArrayList<>(List.of("title = " + title));
        lines.addAll(List.of(keys));
        instance.service(name, lines.toArray(String[]::new));
        instance.script(name, "echo '" + message + "'; exit 2");
    }

    private static void run(PromiseExecutor executor, String service) throws Exception {
        assertThat(executor.trigger(service, RunReason.RERUN)).isPresent();
        assertThat(executor.awaitIdle(WAIT)).isTrue();
    }

    @Test
    void maintenanceBlockedAndUnconfirmedServicesAreShownApartAndAScreenshotIsSaved() throws Exception {
        TestInstance instance = TestInstance.create(dir.resolve("box"), "title = Box", "spread-starts = no",
                "httpd-port = 0");
        failing(instance, "database", "Database", "connection refused");
        failing(instance, "shop", "Shop", "502 from the backend", "depends-on = database");
        failing(instance, "search", "Search", "index unavailable", "depends-on = database");
        failing(instance, "api", "Public API", "timeout after 5s", "depends-on = database");
        failing(instance, "backup", "Nightly backup", "disk busy");
        instance.service("mail", "title = Mail relay", "failures-before-bad = 3");
        instance.script("mail", "if [ -f \"$MONITOR_INSTANCE/mail-down\" ]; then echo 'queue stuck'; exit 2; fi;"
                + " echo 'queue empty'");
        instance.service("fine", "title = Always fine");
        instance.script("fine", "echo 'all good'");
        PromiseExecutor executor = new PromiseExecutor(instance.monitor(), clock, PromiseRegistry.fromClassPath());
        PromiseExecutor.prepareFolders(instance.monitor());
        open.add(executor);
        Dashboard dashboard = Dashboard.attach(executor, clock);
        open.add(0, dashboard);
        executor.tick();
        assertThat(executor.awaitIdle(WAIT)).isTrue();
        Silences.of(instance.monitor(), clock).add(false, List.of("backup"), clock.instant().plus(Duration.ofHours(2)),
                "moving the backup disk", "test");
        instance.write("mail-down", "");
        for (String s : List.of("shop", "search", "api", "backup", "mail")) {
            run(executor, s);
        }
        dashboard.renderNow();
        WebFixture web = WebFixture.start(instance, executor, InProcessBackend.of(executor), clock, b -> b);
        open.add(web);
        Chromium browser = Chromium.launch(dir.resolve("profile"));
        open.add(0, browser);

        browser.navigate(web.server.url().toString());
        browser.waitFor(ROWS + ".length == 7", WAIT);
        JsonNode rows = browser.evaluate(ROWS + ".map(r => r.dataset.service + ' ' + r.querySelector('.status"
                + " .badge').textContent + (r.classList.contains('blocked') ? ' blocked' : '')"
                + " + (r.classList.contains('in-maintenance') ? ' in-maintenance' : '')"
                + " + Array.from(r.querySelectorAll('.quiet')).map(q => ' | ' + q.textContent).join(''))");
        List<String> shown = new ArrayList<>();
        rows.forEach(r -> shown.add(r.asText()));
        String until = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").format(clock.instant()
                .plus(Duration.ofHours(2)).atZone(ZoneOffset.UTC)) + " Z";
        assertThat(shown).containsExactly(
                "database ERROR | 3 services blocked by database: api, search, shop",
                "api ERROR blocked | blocked by database: not notified while it fails",
                "search ERROR blocked | blocked by database: not notified while it fails",
                "shop ERROR blocked | blocked by database: not notified while it fails",
                "fine OK",
                "mail OK | unconfirmed ERROR, attempt 1/3",
                "backup ERROR in-maintenance | in maintenance until " + until + ": moving the backup disk");
        browser.screenshot(SHOTS.resolve("dashboard-quiet.png"));

        browser.navigate(web.server.url().resolve("service/database.html").toString());
        browser.waitFor("document.querySelector('.quiet.blocking') != null", WAIT);
        assertThat(browser.text("document.querySelector('.quiet.blocking').textContent"))
                .isEqualTo("3 services blocked by database: api, search, shop");
        browser.navigate(web.server.url().resolve("service/backup.html").toString());
        browser.waitFor("document.querySelector('.quiet.maintenance') != null", WAIT);
        assertThat(browser.text("document.querySelector('.quiet.maintenance').textContent"))
                .isEqualTo("in maintenance until " + until + ": moving the backup disk");
        browser.screenshot(SHOTS.resolve("service-in-maintenance.png"));
    }
}
