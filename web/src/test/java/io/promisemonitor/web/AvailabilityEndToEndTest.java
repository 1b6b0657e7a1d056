package io.promisemonitor.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promisemonitor.cgi.InProcessBackend;
import io.promisemonitor.core.config.PromiseRegistry;
import io.promisemonitor.core.dashboard.Dashboard;
import io.promisemonitor.core.executor.PromiseExecutor;
import io.promisemonitor.core.testing.Chromium;
import io.promisemonitor.core.testing.MutableClock;
import io.promisemonitor.core.testing.TestInstance;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A month's end through real runs: a script promise run by the executor every minute, failing for ten minutes, the
 * executor gone for half an hour; then the status files, badges, uptime, and the month's report the executor writes
 * once November is over, served by the real server and looked at in chromium.
 */
class AvailabilityEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Path SHOTS = Path.of("target/screenshots");

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    @Test
    void aMonthOfRealRunsGivesValidUntilBadgesHonestUptimeAndTheMonthsReport() throws Exception {
        TestInstance instance = TestInstance.create(dir.resolve("box"), "title = Box", "spread-starts = no",
                "httpd-port = 0", "timezone = UTC");
        instance.service("backup", "title = Nightly backup");
        instance.script("backup", "if [ -f \"$MONITOR_INSTANCE/broken\" ]; then echo 'backup failed'; exit 2; fi;"
                + " echo 'backup ok'");
        MutableClock clock = MutableClock.at(Instant.parse("2026-11-30T22:00:00Z"), ZoneOffset.UTC);
        PromiseExecutor executor = new PromiseExecutor(instance.monitor(), clock, PromiseRegistry.fromClassPath());
        PromiseExecutor.prepareFolders(instance.monitor());
        Dashboard dashboard = Dashboard.attach(executor, clock);
        open.add(dashboard);
        open.add(executor);
        Path broken = instance.root().resolve("broken");
        // 22:00 to 22:59: OK, but ERROR from 22:30 to 22:39
        for (int minute = 0; minute < 60; minute++) {
            if (minute == 30) {
                Files.writeString(broken, "");
            } else if (minute == 40) {
                Files.delete(broken);
            }
            tick(executor, clock, minute == 0 ? Duration.ZERO : Duration.ofMinutes(1));
        }
        // the executor is gone from 22:59 to 23:30 (no tick, no heartbeat), then back until 00:01
        tick(executor, clock, Duration.ofMinutes(31));
        for (int minute = 31; minute <= 61; minute++) {
            tick(executor, clock, Duration.ofMinutes(1));
        }
        dashboard.housekeeping();
        dashboard.renderNow();

        Path publicFolder = instance.monitor().publicFolder();
        Path web = instance.monitor().webFolder();
        JsonNode status = new ObjectMapper().readTree(Files.readString(publicFolder.resolve("backup.status.json")));
        assertThat(status.get("start-date").asText()).isEqualTo("2026-12-01T00:01:00+00:00");
        // * * * * *, timeout 20 s: stale after 2 min 20 s, as Staleness says
        assertThat(status.get("valid-until").asText()).isEqualTo("2026-12-01T00:03:20+00:00");
        assertThat(Files.readString(instance.monitor().stateFolder("liveness").resolve("executor-gaps")))
                .isEqualTo("{\"from\": \"2026-11-30T22:59:00Z\", \"to\": \"2026-11-30T23:30:00Z\"}\n");

        Path report = web.resolve("reports/2026-11.json");
        JsonNode month = new ObjectMapper().readTree(Files.readString(report));
        JsonNode backup = month.get("services").get(0);
        // from the first run, 22:00, to midnight: up 30 + 19 + 30 min, down 10, not observed 31 (the gap)
        assertThat(backup.get("up-seconds").asLong()).isEqualTo(79 * 60);
        assertThat(backup.get("down-seconds").asLong()).isEqualTo(10 * 60);
        assertThat(backup.get("not-observed-seconds").asLong()).isEqualTo(31 * 60);
        assertThat(backup.get("availability").decimalValue()).isEqualByComparingTo("88.764");
        assertThat(backup.get("incidents").toString()).isEqualTo("[{\"start\":\"2026-11-30T22:30:00+00:00\","
                + "\"end\":\"2026-11-30T22:40:00+00:00\",\"duration-seconds\":600,\"cause\":\"ERROR\","
                + "\"ongoing\":false}]");
        assertThat(Files.readString(web.resolve("reports/2026-11.csv"))).isEqualTo("service,title,"
                + "availability_percent,up_seconds,down_seconds,unknown_seconds,not_observed_seconds,"
                + "maintenance_seconds,incidents\r\nbackup,Nightly backup,88.764,4740,600,0,1860,0,1\r\n");
        // last week (W48, 23 to 29 November) holds nothing of this monitor: no report, and none later either
        assertThat(web.resolve("reports/2026-W48.html")).doesNotExist();
        FileTime written = Files.getLastModifiedTime(report);
        clock.advance(Duration.ofMinutes(5));
        dashboard.housekeeping();
        assertThat(Files.getLastModifiedTime(report)).isEqualTo(written);

        WebFixture server = WebFixture.start(instance, executor, InProcessBackend.of(executor), clock, b -> b);
        open.add(0, server);
        HttpResponse<String> html = server.get("/reports/2026-11.html");
        assertThat(html.statusCode()).isEqualTo(200);
        assertThat(html.body()).contains("<h1>Availability, month 2026-11</h1>",
                "<p class=\"rules\">Rules: Up: OK and WARNING. Down: ERROR. UNKNOWN and not-observed time",
                "<td>Nightly backup <span class=\"id\">backup</span></td><td>88.764 %</td><td>1 h 19 min</td>"
                        + "<td>10 min</td><td>0 s</td><td>31 min</td><td>0 s</td><td>1</td>",
                "<td>Nightly backup</td><td>2026-11-30 22:30</td><td>2026-11-30 22:40</td><td>10 min</td>"
                        + "<td>ERROR</td>");
        HttpResponse<String> badge = server.get("/public/backup.svg");
        assertThat(badge.statusCode()).isEqualTo(200);
        assertThat(badge.headers().firstValue("Content-Type").orElse("")).startsWith("image/svg+xml");
        assertThat(badge.body()).contains("<title>Nightly backup: OK</title>");
        assertThat(server.get("/public/monitor.svg").body()).contains("<title>monitor: OK</title>");
        // rendered at 00:01: from the first run, 121 minutes, 31 of them not observed; up 80 of the 90 counted
        assertThat(Files.readString(web.resolve("service/backup.html"))).contains("Up over 24 hours: 88.8 %, 25.6 %"
                + " not observed · over 7 days: 88.8 %, 25.6 % not observed");

        assertThat(Files.readString(web.resolve("index.html"))).contains(
                "<a href=\"reports/index.html\">availability reports</a>",
                "up 24 h: 88.8 %, 25.6 % not observed · 7 d: 88.8 %, 25.6 % not observed");
        Files.createDirectories(SHOTS);
        Chromium browser = Chromium.launch(dir.resolve("profile"));
        open.add(0, browser);
        browser.navigate(server.uri("/reports/2026-11.html").toString());
        browser.waitFor("document.readyState === 'complete'", WAIT);
        assertThat(browser.text("document.querySelector('h1').textContent")).isEqualTo("Availability, month 2026-11");
        browser.screenshot(SHOTS.resolve("report-2026-11.png"));
        browser.navigate(server.uri("/service/backup.html").toString());
        browser.waitFor("document.readyState === 'complete'", WAIT);
        assertThat(browser.text("document.querySelector('.uptime').textContent"))
                .isEqualTo("Up over 24 hours: 88.8 %, 25.6 % not observed · over 7 days: 88.8 %, 25.6 % not observed");
        browser.screenshot(SHOTS.resolve("service-uptime-not-observed.png"));
        browser.navigate(server.uri("/index.html").toString());
        browser.waitFor("document.readyState === 'complete'", WAIT);
        browser.click("a[href='reports/index.html']");
        browser.waitFor("location.pathname.endsWith('/reports/index.html') && document.readyState === 'complete'",
                WAIT);
        assertThat(browser.text("Array.from(document.querySelectorAll('li a')).map(a => a.textContent).join(' ')"))
                .isEqualTo("2026-11 CSV JSON");
        browser.navigate(server.uri("/public/monitor.svg").toString());
        browser.screenshot(SHOTS.resolve("badge-monitor.png"));
    }

    private static void tick(PromiseExecutor executor, MutableClock clock, Duration by) throws Exception {
        clock.advance(by);
        executor.tick();
        assertThat(executor.awaitIdle(WAIT)).isTrue();
    }
}
