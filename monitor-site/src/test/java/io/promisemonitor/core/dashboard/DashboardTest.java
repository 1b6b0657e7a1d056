package io.promisemonitor.core.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.core.executor.RunReason;
import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.config.ServiceConfig;
import io.promisemonitor.core.liveness.Heartbeat;
import io.promisemonitor.core.promise.Perfdata;
import io.promisemonitor.core.promise.PromiseResult;
import io.promisemonitor.core.testing.MutableClock;
import io.promisemonitor.core.testing.TestConfigs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DashboardTest {

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.at("2026-11-21T10:00:00Z");
    private MonitorConfig monitor;
    private Site site;

    @BeforeEach
    void setUp() {
        monitor = TestConfigs.monitor(dir).title("Box").build();
        site = new Site(monitor, clock);
    }

    @AfterEach
    void tearDown() {
        site.close();
    }

    private ServiceConfig service(String name, String title) {
        return site.add(TestConfigs.service(monitor, name).title(title).build());
    }

    /** The row of {@code service} in index.html, from its opening tag to its closing one. */
    private static String row(String html, String service) {
        Matcher m = Pattern.compile("<tr id=\"s-" + service + "\".*?</td>\n</tr>", Pattern.DOTALL).matcher(html);
        assertThat(m.find()).as("row of %s in the index", service).isTrue();
        return m.group();
    }

    private static List<String> rowOrder(String html) {
        return Pattern.compile("<tr id=\"s-([^\"]+)\"").matcher(html).results().map(r -> r.group(1)).toList();
    }

    @Test
    void aRowShowsStatusWordTitleMessageTimesSinceExecutionTimeLinksAndPerfdata() {
        ServiceConfig disk = site.add(TestConfigs.service(monitor, "disk").title("Disk space on /srv")
                .publicPaths(dir.resolve("var/log/disk.log")).privatePaths(dir.resolve("var/disk/interface")).build());
        site.result(disk, PromiseResult.ok("fine"));
        clock.advance(Duration.ofMinutes(3));
        site.result(disk, PromiseResult.error("DISK CRITICAL - /srv is 97% used")
                .withPerfdata(List.of(new Perfdata("/srv", 97, "%", "90", "95", "0", "100"))));
        clock.advance(Duration.ofSeconds(90));
        site.dashboard.renderNow();

        String row = row(site.index(), "disk");

        assertThat(row).contains("class=\"service s-error\"", "data-status=\"ERROR\"",
                "<span class=\"badge\">ERROR</span>",
                "<a href=\"service/disk.html\">Disk space on /srv</a> <span class=\"id\">disk</span>",
                "<span class=\"text\">DISK CRITICAL - /srv is 97% used</span>",
                "failing since <time datetime=\"2026-11-21T10:03:00Z\" data-ago>1 min ago</time>"
                        + " (2026-11-21 10:03:00 Z)",
                "<time datetime=\"2026-11-21T10:03:00Z\" data-ago>1 min ago</time>"
                        + " <span class=\"abs\">2026-11-21 10:03:00 Z</span> <span class=\"exec\">took 0.120 s</span>",
                "<ul class=\"perf\" aria-label=\"Performance data\"><li>/srv = 97% (warn 90, crit 95, min 0, max 100)</li></ul>",
                "<a href=\"public/disk.status.json\">status JSON</a>",
                "<a href=\"public/disk.history.json\">history JSON</a>",
                "<a href=\"public/disk/\">public files</a>", "<a href=\"private/disk/\">private files</a>",
                "<a href=\"private/disk/interface/\">interface</a>",
                "<form class=\"rerun\" method=\"post\" action=\"cgi-bin/monitor-run-promise.cgi?service=disk\">"
                        + "<button aria-label=\"Rerun Disk space on /srv\">Rerun</button></form>",
                "<p class=\"strip\" role=\"img\" aria-label=\"Last 2 results, oldest first: 1 OK, 1 ERROR\""
                        + " data-runs=\"1795255200 180\"><span class=\"ok\" title=\"2026-11-21 10:00:00 Z OK: fine\">"
                        + "<i></i></span><span class=\"error\" title=\"2026-11-21 10:03:00 Z ERROR: DISK CRITICAL -"
                        + " /srv is 97% used\"><i></i></span></p>",
                // OK valid 2 min 20 s (to 10:02:20), nothing valid to 10:03, ERROR for 90 s: 140 / 230 up, 40 / 270
                // not observed
                "up 24 h: 60.8 %, 14.8 % not observed · 7 d: 60.8 %, 14.8 % not observed");
    }

    @Test
    void slapOsFilesAreWrittenAtOnceWhenAStatusChangesAndOtherwiseAtMostOnceAMinute() {
        ServiceConfig disk = service("disk", "Disk");
        site.result(disk, PromiseResult.ok("fine"));
        site.dashboard.renderNow();
        Path global = monitor.publicFolder().resolve(io.promisemonitor.core.feed.SlapOsFiles.GLOBAL_JSON);
        String first = readFile(global);
        assertThat(first).contains("\"date\": \"2026-11-21T10:00:00+0000\"");

        clock.advance(Duration.ofSeconds(20));
        site.result(disk, PromiseResult.ok("fine again"));
        site.dashboard.renderNow();
        assertThat(readFile(global)).as("same status, 20 s later").isEqualTo(first);

        clock.advance(Duration.ofSeconds(20));
        site.result(disk, PromiseResult.error("full"));
        site.dashboard.renderNow();
        assertThat(readFile(global)).as("a status changed").contains("\"status\": \"ERROR\"",
                "\"date\": \"2026-11-21T10:00:40+0000\"");

        clock.advance(Duration.ofSeconds(30));
        site.result(disk, PromiseResult.error("still full"));
        site.dashboard.renderNow();
        assertThat(readFile(global)).contains("\"date\": \"2026-11-21T10:00:40+0000\"");
        clock.advance(Duration.ofSeconds(30));
        site.result(disk, PromiseResult.error("still full"));
        site.dashboard.renderNow();
        assertThat(readFile(global)).as("a minute after the last").contains("\"date\": \"2026-11-21T10:01:40+0000\"");
    }

    private static String readFile(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aRowKeptFromTheLastRenderHasItsTimesRedoneWhenTheMinuteTurnsAsANewRendererWouldMakeIt() {
        ServiceConfig disk = service("disk", "Disk");
        site.result(disk, PromiseResult.ok("fine"));
        clock.advance(Duration.ofMinutes(3));
        site.result(disk, PromiseResult.error("full"));
        site.dashboard.renderNow();
        assertThat(row(site.index(), "disk")).contains(">just now</time>");

        clock.advance(Duration.ofSeconds(90));
        site.dashboard.renderNow();
        String kept = row(site.index(), "disk");

        assertThat(kept).isEqualTo("""
                <tr id="s-disk" class="service s-error" data-service="disk" data-status="ERROR" \
                data-status-href="public/disk.status.json" data-start="2026-11-21T10:03:00Z" \
                data-stale-after="1795255520000">
                <td class="status"><span class="badge">ERROR</span></td>
                <td class="title"><a href="service/disk.html">Disk</a> <span class="id">disk</span></td>
                <td class="message"><span class="text">full</span><span class="since">failing since \
                <time datetime="2026-11-21T10:03:00Z" data-ago>1 min ago</time> (2026-11-21 10:03:00 Z)</span>
                <details><summary>Details</summary>

                <ul class="links"><li><a href="public/disk.status.json">status JSON</a></li>\
                <li><a href="public/disk.history.json">history JSON</a></li>\
                <li><a href="service/disk.rss">RSS</a></li></ul>
                </details></td>
                <td class="last-run"><time datetime="2026-11-21T10:03:00Z" data-ago>1 min ago</time> \
                <span class="abs">2026-11-21 10:03:00 Z</span> <span class="exec">took 0.120 s</span></td>
                <td class="history"><p class="strip" role="img" aria-label="Last 2 results, oldest first: 1 OK, 1 ERROR" \
                data-runs="1795255200 180"><span class="ok" title="2026-11-21 10:00:00 Z OK: fine"><i></i></span>\
                <span class="error" title="2026-11-21 10:03:00 Z ERROR: full"><i></i></span></p>\
                <span class="uptime">up 24 h: 60.8 %, 14.8 % not observed · 7 d: 60.8 %, 14.8 % not observed</span></td>
                <td class="actions"><form class="rerun" method="post" \
                action="cgi-bin/monitor-run-promise.cgi?service=disk"><button aria-label="Rerun Disk">Rerun</button>\
                </form><span class="rerun-state" role="status"></span></td>
                </tr>""");
        // A new dashboard (as after a restart) keeps no row: it makes every row from the templates.
        site.close();
        site = new Site(monitor, clock);
        site.add(disk);
        site.dashboard.renderNow();
        assertThat(row(site.index(), "disk")).isEqualTo(kept);
    }

    @Test
    void theStripGivesOneHoverTextPerRunOfLikeResultsAndEveryRunItsCell() {
        ServiceConfig disk = service("disk", "Disk");
        for (int i = 0; i < 3; i++) {
            site.result(disk, PromiseResult.ok("fine"));
            clock.advance(Duration.ofMinutes(1));
        }
        site.result(disk, PromiseResult.error("full & <gone>"));
        clock.advance(Duration.ofMinutes(2));
        site.result(disk, PromiseResult.ok("fine"));
        site.dashboard.renderNow();

        assertThat(row(site.index(), "disk")).contains("<p class=\"strip\" role=\"img\" aria-label=\"Last 5 results,"
                + " oldest first: 4 OK, 1 ERROR\" data-runs=\"1795255200 60*3 120\">"
                + "<span class=\"ok\" title=\"2026-11-21 10:00:00 Z to 10:02:00 Z, 3 runs, OK: fine\">"
                + "<i></i><i></i><i></i></span>"
                + "<span class=\"error\" title=\"2026-11-21 10:03:00 Z ERROR: full &amp; &lt;gone&gt;\"><i></i></span>"
                + "<span class=\"ok\" title=\"2026-11-21 10:05:00 Z OK: fine\"><i></i></span></p>");
        assertThat(site.read("service/disk.html")).contains("<p class=\"strip long\" role=\"img\" aria-label=\"Last 5"
                + " results, oldest first: 4 OK, 1 ERROR\" data-runs=\"1795255200 60*3 120\">"
                + "<span class=\"ok\" title=\"2026-11-21 10:00:00 Z to 10:02:00 Z, 3 runs, OK: fine\">");
    }

    @Test
    void aNewDashboardOverARenderedFolderRewritesOnlyThePagesThatChanged() throws Exception {
        ServiceConfig disk = service("disk", "Disk");
        ServiceConfig backup = service("backup", "Backup");
        site.result(disk, PromiseResult.ok("fine"));
        site.result(backup, PromiseResult.error("late"));
        // past the first minute, so that the uptime shown is 100 % and stays so
        clock.advance(Duration.ofMinutes(1));
        site.dashboard.renderNow();
        Map<String, Object> before = new HashMap<>();
        for (String file : List.of("service/disk.html", "service/disk.rss", "service/backup.html", "monitor.rss")) {
            before.put(file, Files.readAttributes(site.web(file), "unix:ino,lastModifiedTime"));
        }
        Object backupFeed = Files.getAttribute(site.web("service/backup.rss"), "unix:ino");

        // The executor restarts: a new dashboard reads the statuses and histories back and renders everything.
        site.close();
        clock.advance(Duration.ofSeconds(30));
        site = new Site(monitor, clock);
        site.add(disk);
        site.add(backup);
        site.result(backup, PromiseResult.ok("caught up"));
        site.dashboard.renderNow();

        for (String file : List.of("service/disk.html", "service/disk.rss")) {
            assertThat(Files.readAttributes(site.web(file), "unix:ino,lastModifiedTime")).as(file)
                    .isEqualTo(before.get(file));
        }
        assertThat(Files.getAttribute(site.web("service/backup.html"), "unix:ino")).as("the page of a changed service")
                .isNotEqualTo(((Map<?, ?>) before.get("service/backup.html")).get("ino"));
        assertThat(Files.getAttribute(site.web("service/backup.rss"), "unix:ino")).isNotEqualTo(backupFeed);
        assertThat(site.read("service/backup.html")).contains("<span class=\"text\">caught up</span>");
    }

    @Test
    void countsAreShownPerStatusAndBadOnesComeFirst() {
        ServiceConfig ok = service("a-ok", "A");
        ServiceConfig warns = service("b-warns", "B");
        ServiceConfig fails = service("c-fails", "C");
        ServiceConfig unknown = service("d-unknown", "D");
        service("e-pending", "E");
        site.result(ok, PromiseResult.ok("fine"));
        site.result(warns, PromiseResult.warning("hmm"));
        site.result(fails, PromiseResult.error("broken"));
        site.result(unknown, PromiseResult.unknown("no idea"));
        site.dashboard.renderNow();
        String html = site.index();

        assertThat(rowOrder(html)).containsExactly("c-fails", "d-unknown", "b-warns", "e-pending", "a-ok");
        assertThat(html).contains("<li class=\"s-error\"><span class=\"n\">1</span> ERROR</li>",
                "<li class=\"s-unknown\"><span class=\"n\">1</span> UNKNOWN</li>",
                "<li class=\"s-warning\"><span class=\"n\">1</span> WARNING</li>",
                "<li class=\"s-pending\"><span class=\"n\">1</span> PENDING</li>",
                "<li class=\"s-ok\"><span class=\"n\">1</span> OK</li>",
                "<li class=\"s-stale\"><span class=\"n\">0</span> STALE</li>",
                "<caption>5 services, bad ones first</caption>");
        assertThat(row(html, "e-pending")).contains("<span class=\"badge\">PENDING</span>", "no result yet", "never");
        assertThat(row(html, "b-warns")).contains("warning since");
    }

    @Test
    void aStatusOlderThanTwicePeriodPlusTimeoutShowsStaleAndTheRenderFollowsTime() {
        ServiceConfig quiet = service("quiet", "Quiet");
        site.result(quiet, PromiseResult.ok("fine"));
        site.dashboard.renderNow();
        assertThat(row(site.index(), "quiet")).doesNotContain("STALE");

        // every minute, timeout 20 s: stale after 2 min 20 s
        clock.advance(Duration.ofSeconds(141));
        site.dashboard.housekeeping();
        assertThat(site.dashboard.renderIfDue()).as("housekeeping asked for a render").isTrue();

        String html = site.index();
        assertThat(row(html, "quiet")).contains("class=\"service s-ok stale\"",
                "<span class=\"badge stale-badge\" title=\"no result since 2026-11-21 10:00:00 Z; one is expected at"
                        + " least every 2 min 20 s\">STALE</span>");
        assertThat(html).contains("<li class=\"s-stale\"><span class=\"n\">1</span> STALE</li>");
    }

    @Test
    void manyResultsInsideTheIntervalCostOneRenderAndTheNextWaitsForTheInterval() {
        ServiceConfig busy = service("busy", "Busy");
        site.result(busy, PromiseResult.ok("first"));
        assertThat(site.dashboard.renderIfDue()).isTrue();

        for (int i = 0; i < 1000; i++) {
            site.result(busy, PromiseResult.ok("run " + i));
        }
        clock.advance(Duration.ofSeconds(4));
        assertThat(site.dashboard.renderIfDue()).isFalse();
        assertThat(site.index()).doesNotContain("run 999");

        clock.advance(Duration.ofSeconds(1));
        assertThat(site.dashboard.renderIfDue()).isTrue();
        assertThat(site.dashboard.renderIfDue()).isFalse();
        assertThat(site.dashboard.coalescer().renders()).isEqualTo(2);
        assertThat(site.index()).contains("run 999");
    }

    @Test
    void aRowReusedFromTheLastRenderStillShowsWhatChangedSince() {
        ServiceConfig disk = service("disk", "Disk");
        ServiceConfig other = service("other", "Other");
        site.result(disk, PromiseResult.ok("fine"));
        site.result(other, PromiseResult.ok("fine"));
        site.dashboard.renderNow();
        String before = row(site.index(), "disk");
        assertThat(before).contains(">just now</time>");

        site.dashboard.renderNow();
        assertThat(row(site.index(), "disk")).isEqualTo(before);

        clock.advance(Duration.ofMinutes(2));
        site.dashboard.renderNow();
        assertThat(row(site.index(), "disk")).contains(">2 min ago</time>");

        site.result(other, PromiseResult.error("broken"));
        site.dashboard.renderNow();
        assertThat(row(site.index(), "other")).contains("<span class=\"text\">broken</span>");
        assertThat(row(site.index(), "disk")).contains(">2 min ago</time>", "<span class=\"text\">fine</span>");
    }

    @Test
    void aServiceRetitledWhileARenderIsPendingGetsItsPageAndFeedAgainAtThatRender() {
        ServiceConfig disk = service("disk", "Disk");
        ServiceConfig web = service("web", "Web");
        site.result(disk, PromiseResult.ok("fine"));
        site.result(web, PromiseResult.ok("fine"));
        site.dashboard.renderNow();
        site.dashboard.housekeeping();
        clock.advance(Duration.ofSeconds(5));
        assertThat(site.dashboard.renderIfDue()).as("nothing changed: no render").isFalse();

        site.result(disk, PromiseResult.ok("still fine"));
        site.services.set(1, TestConfigs.service(monitor, "web").title("Web front").build());
        site.dashboard.housekeeping();
        clock.advance(Duration.ofSeconds(5));
        assertThat(site.dashboard.renderIfDue()).isTrue();

        assertThat(row(site.index(), "web")).contains("Web front");
        assertThat(site.read("service/web.html")).contains("<title>Web front · Box</title>");
        assertThat(site.read("service/web.rss")).contains("<title>Web front (Box): status changes</title>");
    }

    @Test
    void aServiceAddedWhileRunningGetsItsRowAndPageWithoutRedoingTheOtherPages() throws Exception {
        ServiceConfig disk = service("disk", "Disk");
        site.result(disk, PromiseResult.ok("fine"));
        site.dashboard.renderNow();
        Object diskPage = Files.getAttribute(site.web("service/disk.html"), "unix:ino");

        service("added", "Added later");
        site.dashboard.housekeeping();
        clock.advance(Duration.ofSeconds(5));
        assertThat(site.dashboard.renderIfDue()).isTrue();

        assertThat(row(site.index(), "added")).contains("Added later", "PENDING");
        assertThat(site.read("service/added.html")).contains("<title>Added later · Box</title>");
        assertThat(Files.getAttribute(site.web("service/disk.html"), "unix:ino")).isEqualTo(diskPage);
    }

    @Test
    void aRerunIsRenderedAtOnceWithoutWaitingForTheInterval() {
        ServiceConfig disk = service("disk", "Disk");
        site.result(disk, PromiseResult.ok("fine"));
        site.dashboard.renderIfDue();

        site.reasons.put("disk", RunReason.RERUN);
        site.result(disk, PromiseResult.error("full now"));

        assertThat(site.dashboard.coalescer().renders()).isEqualTo(2);
        assertThat(row(site.index(), "disk")).contains("full now");
    }

    @Test
    void aServicePageShowsItsChangesNewestFirstWithAnchorsAndItsDetails() {
        ServiceConfig disk = service("disk", "Disk");
        site.result(disk, PromiseResult.ok("fine"));
        clock.advance(Duration.ofMinutes(1));
        site.result(disk, PromiseResult.error("full").withDetails("df said:\n/srv 100%"));
        site.dashboard.renderNow();

        String page = site.read("service/disk.html");

        assertThat(page).contains("<title>Disk · Box</title>", "<link rel=\"stylesheet\" href=\"../monitor.css\">",
                "<link rel=\"alternate\" type=\"application/rss+xml\" title=\"Disk: status changes\" href=\"disk.rss\">",
                "<pre class=\"details\">df said:\n/srv 100%</pre>", "<a href=\"../public/disk.status.json\">");
        int error = page.indexOf("<span class=\"badge\">ERROR</span> <time datetime=\"2026-11-21T10:01:00Z\"");
        int ok = page.indexOf("<span class=\"badge\">OK</span> <time datetime=\"2026-11-21T10:00:00Z\"");
        assertThat(error).isPositive().isLessThan(ok);
        assertThat(page).containsPattern("<li id=\"e-[0-9a-f]{32}\" class=\"event s-error\">");
    }

    @Test
    void thePageSaysTheExecutorIsNotRunningWhenItsHeartbeatIsOld() {
        service("disk", "Disk");
        Heartbeat.write(monitor, Instant.parse("2026-11-21T09:50:00Z"));
        site.dashboard.renderNow();

        assertThat(site.index()).contains("<p id=\"executor-state\" class=\"alert\" role=\"alert\">executor not running"
                + " since 2026-11-21 09:50:00 Z (10 min ago)</p>");

        Heartbeat.write(monitor, clock.instant());
        site.dashboard.renderNow();
        assertThat(site.index()).contains("<p id=\"executor-state\" class=\"alert\" role=\"alert\" hidden></p>");
    }

    @Test
    void aRemovedServiceKeepsItsHistoryPageAndFeedUntilTheConfiguredAgeThenAllGo() throws Exception {
        ServiceConfig gone = service("gone", "Gone");
        site.result(gone, PromiseResult.error("broken"));
        site.dashboard.renderNow();
        site.services.remove(gone);
        Path journal = monitor.stateFolder("history").resolve("gone.journal");
        Files.setLastModifiedTime(journal, FileTime.from(clock.instant()));

        clock.advance(Dashboard.FIRST_PURGE_AFTER);
        site.dashboard.housekeeping();
        site.dashboard.renderIfDue();
        assertThat(site.index()).doesNotContain("s-gone");
        assertThat(site.web("service/gone.html")).exists();
        assertThat(monitor.publicFolder().resolve("gone.history.json")).exists();

        clock.advance(Duration.ofDays(30));
        site.dashboard.housekeeping();
        assertThat(site.web("service/gone.html")).doesNotExist();
        assertThat(site.web("service/gone.rss")).doesNotExist();
        assertThat(journal).doesNotExist();
        assertThat(monitor.publicFolder().resolve("gone.history.json")).doesNotExist();
    }

    @Test
    void theHistoryOfEveryRunIsPublishedNextToTheStatusFile() throws Exception {
        ServiceConfig disk = service("disk", "Disk");
        site.result(disk, PromiseResult.ok("fine"));
        site.dashboard.renderNow();

        assertThat(Files.readString(monitor.publicFolder().resolve("disk.history.json"))).startsWith(
                "{\n  \"id\": \"disk\",\n  \"title\": \"Disk\",\n  \"changes\": [\n    {\n      \"id\": ");
        assertThat(site.web("monitor.css")).exists();
        assertThat(site.web("monitor.js")).exists();
    }
}
