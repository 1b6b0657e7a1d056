package io.promisemonitor.core.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promisemonitor.core.config.UnknownAs;
import io.promisemonitor.core.liveness.ExecutorGaps;
import io.promisemonitor.core.promise.PromiseResult;
import io.promisemonitor.core.promise.Status;
import io.promisemonitor.core.status.ServiceStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uptime and availability from the history's spans: valid-until, silences, the executor's gaps, the rules. */
class AvailabilityTest {

    private static final Instant T0 = Instant.parse("2026-11-02T00:00:00Z");
    private static final Duration VALID = Duration.ofSeconds(140); // * * * * *, timeout 20 s: 2 min + 20 s
    private static final long MIN = 60_000;

    @TempDir
    Path dir;

    private HistoryStore open() {
        return HistoryStore.open(dir.resolve("state/history"), dir.resolve("public"), ZoneOffset.UTC,
                "https://box.example/", 1000, 200, 100);
    }

    private static Instant at(long minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    /** A run as StatusStore gives it: start, status, valid-until. */
    private static void run(HistoryStore store, String service, Instant start, Status status) {
        Optional<ServiceHistory> h = store.history(service);
        List<RunEntry> last = h.map(x -> x.lastRuns(1)).orElse(List.of());
        Optional<Status> previous = last.isEmpty() ? Optional.empty() : Optional.of(last.get(0).status());
        boolean changed = previous.map(p -> p != status).orElse(true);
        ServiceStatus s = ServiceStatus.builder(service).title("Web " + service).result(PromiseResult.of(status, "m"))
                .startDate(start.atOffset(ZoneOffset.UTC)).changeDate(start.atOffset(ZoneOffset.UTC))
                .validUntil(start.plus(VALID).atOffset(ZoneOffset.UTC)).build();
        store.recordRun(s, changed, previous);
    }

    /** Every minute from {@code from} (inclusive) to {@code to} (exclusive). */
    private static void runs(HistoryStore store, String service, long from, long to, Status status) {
        for (long m = from; m < to; m++) {
            run(store, service, at(m), status);
        }
    }

    @Test
    void aResultCountsUntilItsValidUntilAndTheTimeAfterIsNotObserved() {
        HistoryStore store = open();
        runs(store, "web", 0, 60, Status.OK);
        // runs stop at minute 59: its result holds until 59 + 2:20, then nobody knows
        ServiceHistory h = store.history("web").orElseThrow();

        Availability a = h.availability(T0, at(120), List.of());

        assertThat(a.up()).isEqualTo(59 * MIN + VALID.toMillis());
        assertThat(a.notObserved()).isEqualTo(120 * MIN - a.up());
        assertThat(a.share(UnknownAs.EXCLUDED)).isEqualTo(1.0);
        assertThat(a.share(UnknownAs.DOWN)).isEqualTo((double) a.up() / (120 * MIN));
        assertThat(h.uptime(at(120), Duration.ofMinutes(120))).isEqualTo(1.0);
        assertThat(h.spans()).hasSize(1);
    }

    @Test
    void errorAndUnknownCountUnderEachRule() {
        HistoryStore store = open();
        runs(store, "web", 0, 30, Status.OK);
        runs(store, "web", 30, 40, Status.ERROR);
        runs(store, "web", 40, 50, Status.UNKNOWN);
        runs(store, "web", 50, 61, Status.WARNING);
        ServiceHistory h = store.history("web").orElseThrow();

        Availability a = h.availability(T0, at(60), List.of());

        assertThat(a).isEqualTo(new Availability(40 * MIN, 10 * MIN, 10 * MIN, 0, 0));
        assertThat(a.share(UnknownAs.EXCLUDED)).isEqualTo(0.8);
        assertThat(a.share(UnknownAs.DOWN)).isEqualTo(40.0 / 60);
        assertThat(a.share(UnknownAs.UP)).isEqualTo(50.0 / 60);
    }

    @Test
    void theExecutorsGapIsNotObservedEvenWhileTheLastResultWasStillValid() {
        HistoryStore store = open();
        runs(store, "hourly", 0, 1, Status.OK);
        // an hourly service: its result is valid for 2 h + timeout, but the executor died at minute 10 and came
        // back at minute 50
        ServiceHistory h = store.history("hourly").orElseThrow();
        List<ExecutorGaps.Gap> gaps = List.of(new ExecutorGaps.Gap(at(10).toEpochMilli(), at(50).toEpochMilli()));
        // valid-until is 2:20 after the run in this test's fixture: make a longer one by hand
        h.add(new RunEntry(at(1), Status.OK, "m", Duration.ZERO), at(121).toEpochMilli());

        Availability a = h.availability(T0, at(60), gaps);

        assertThat(a.up()).isEqualTo(20 * MIN);
        assertThat(a.notObserved()).isEqualTo(40 * MIN);
        assertThat(h.timeline(T0, at(60), gaps)).containsExactly(
                new ServiceHistory.Segment(T0.toEpochMilli(), at(10).toEpochMilli(), ServiceHistory.Kind.UP),
                new ServiceHistory.Segment(at(10).toEpochMilli(), at(50).toEpochMilli(),
                        ServiceHistory.Kind.NOT_OBSERVED),
                new ServiceHistory.Segment(at(50).toEpochMilli(), at(60).toEpochMilli(), ServiceHistory.Kind.UP));
    }

    @Test
    void silencedRunsAreMaintenanceAndLeftOutOfEveryShare() throws Exception {
        HistoryStore store = open();
        runs(store, "web", 0, 30, Status.OK);
        Path journal = store.journal("web");
        // runs under a silence, written as the executor writes them
        StringBuilder lines = new StringBuilder();
        for (int m = 30; m < 45; m++) {
            lines.append("{\"run\":\"").append(at(m)).append("\",\"s\":\"ERROR\",\"m\":\"down for upgrade\",\"x\":5,")
                    .append("\"v\":\"").append(at(m).plus(VALID)).append("\",\"silenced\":true}\n");
        }
        Files.writeString(journal, lines, StandardOpenOption.APPEND);
        HistoryStore reopened = open();
        runs(reopened, "web", 45, 61, Status.OK);
        ServiceHistory h = reopened.history("web").orElseThrow();

        Availability a = h.availability(T0, at(60), List.of());

        assertThat(a).isEqualTo(new Availability(45 * MIN, 0, 0, 0, 15 * MIN));
        assertThat(a.share(UnknownAs.DOWN)).isEqualTo(1.0);
        assertThat(h.runs().get(30).silenced()).isTrue();
        // the public history's one published layout (io.Json)
        assertThat(reopened.publicJson(h)).contains("\"message\": \"down for upgrade\",\n      \"execution-time\": 0.005,"
                + "\n      \"silenced\": true\n    }");
        // only the 15 silenced runs carry the key
        assertThat(reopened.publicJson(h).split("silenced", -1)).hasSize(16);
    }

    @Test
    void spansOlderThanTheRunsKeptSurviveACompactionAndARestart() {
        HistoryStore store = HistoryStore.open(dir.resolve("state/history"), dir.resolve("public"), ZoneOffset.UTC,
                "s", 10, 5, 100);
        runs(store, "web", 0, 100, Status.OK);
        runs(store, "web", 100, 110, Status.ERROR);
        runs(store, "web", 110, 200, Status.OK);
        Availability before = store.history("web").orElseThrow().availability(T0, at(200), List.of());

        HistoryStore reopened = HistoryStore.open(dir.resolve("state/history"), dir.resolve("public"),
                ZoneOffset.UTC, "s", 10, 5, 100);
        ServiceHistory h = reopened.history("web").orElseThrow();

        assertThat(h.runs()).hasSize(10);
        assertThat(h.availability(T0, at(200), List.of())).isEqualTo(before);
        assertThat(before).isEqualTo(new Availability(190 * MIN, 10 * MIN, 0, 0, 0));
        assertThat(h.spans()).hasSize(3);
    }

    @Test
    void aOneShotStoreReadingTheLastRunsOfACompactedJournalCountsAsAFullStore() throws Exception {
        HistoryStore full = HistoryStore.open(dir.resolve("state/history"), dir.resolve("public"), ZoneOffset.UTC,
                "s", 10, 5, 100);
        runs(full, "web", 0, 100, Status.OK);
        runs(full, "web", 100, 110, Status.ERROR);
        runs(full, "web", 110, 195, Status.OK);
        assertThat(Files.readString(full.journal("web"))).contains("{\"span\":");

        HistoryStore oneShot = HistoryStore.openLastRuns(dir.resolve("state/history"), dir.resolve("public"),
                java.time.Clock.fixed(T0, ZoneOffset.UTC), "s", 10, 5, 100, 3);

        Availability expected = full.history("web").orElseThrow().availability(T0, at(200), List.of());
        assertThat(oneShot.history("web").orElseThrow().availability(T0, at(200), List.of())).isEqualTo(expected);
        assertThat(expected.down()).isEqualTo(10 * MIN);
    }

    @Test
    void spansOlderThanHistoryKeepAreForgotten() {
        HistoryStore store = HistoryStore.open(dir.resolve("state/history"), dir.resolve("public"),
                java.time.Clock.fixed(T0, ZoneOffset.UTC), "s", 10, 5, 100, Duration.ofDays(2));
        run(store, "web", at(0), Status.ERROR);
        run(store, "web", at(1), Status.OK);
        run(store, "web", at(3 * 24 * 60), Status.OK);

        assertThat(store.history("web").orElseThrow().spans()).extracting(Span::status).containsExactly(Status.OK);
    }

    @Test
    void aMonthsReportListsIncidentsAndTheRulesAndRefusesAPeriodNotBegun() {
        HistoryStore store = open();
        runs(store, "web", 0, 120, Status.OK);
        runs(store, "web", 120, 150, Status.ERROR);
        runs(store, "web", 150, 200, Status.OK);
        ReportPeriod november = ReportPeriod.parseMonth("2026-11", ZoneOffset.UTC);
        Instant now = Instant.parse("2026-12-04T20:00:00Z");

        AvailabilityReports.Report r = AvailabilityReports.build(november, now, store, List.of(), UnknownAs.EXCLUDED);

        assertThat(r.complete()).isTrue();
        AvailabilityReports.ServiceReport web = r.services().get(0);
        assertThat(web.incidents()).containsExactly(new AvailabilityReports.Incident(at(120), at(150),
                List.of("ERROR"), false));
        assertThat(web.time().down()).isEqualTo(30 * MIN);
        long up = (120 + 49) * MIN + VALID.toMillis();
        assertThat(web.time().up()).isEqualTo(up);
        assertThat(web.share()).isEqualTo((double) up / (up + 30 * MIN));
        String json = AvailabilityReports.json(r);
        assertThat(json).contains("\"period\": \"2026-11\"", "\"unknown-as\": \"excluded\"",
                "\"start\": \"2026-11-02T02:00:00+00:00\"", "\"end\": \"2026-11-02T02:30:00+00:00\"",
                "\"duration-seconds\": 1800", "\"cause\": \"ERROR\"");
        String html = AvailabilityReports.html(r);
        assertThat(html).contains("<p class=\"rules\">Rules: Up: OK and WARNING. Down: ERROR. UNKNOWN and"
                + " not-observed time (no valid result, or the executor not running) left out of the share"
                + " (report-unknown-as = excluded). Maintenance (runs under a silence) is left out."
                + " Availability = up / counted time.</p>");
        assertThat(html).contains("<td>2026-11-02 02:00</td><td>2026-11-02 02:30</td><td>30 min</td><td>ERROR</td>");

        assertThatThrownBy(() -> AvailabilityReports.build(ReportPeriod.parseMonth("2027-01", ZoneOffset.UTC), now,
                store, List.of(), UnknownAs.EXCLUDED)).hasMessage("month 2027-01 has not begun yet (now 2026-12-04"
                        + " 20:00 Z): a report covers a past month or the current one so far");
    }

    @Test
    void underDownNotObservedTimeJoinsAnIncidentAndTheCurrentMonthIsSoFar() {
        HistoryStore store = open();
        runs(store, "web", 0, 10, Status.ERROR);
        // the runs stop: the last ERROR is valid 2:20 more, then nothing is known up to now
        Instant now = at(60);

        AvailabilityReports.Report r = AvailabilityReports.build(ReportPeriod.month(java.time.YearMonth.of(2026, 11),
                ZoneOffset.UTC), now, store, List.of(), UnknownAs.DOWN);

        assertThat(r.complete()).isFalse();
        List<AvailabilityReports.Incident> incidents = r.services().get(0).incidents();
        // from its first result (the time before it does not count) through the ERROR and the silence after to now
        assertThat(incidents).containsExactly(new AvailabilityReports.Incident(T0, now,
                List.of("ERROR", "not observed"), true));
        assertThat(r.services().get(0).time().total()).isEqualTo(60 * MIN);
        assertThat(r.services().get(0).share()).isEqualTo(0.0);
        assertThat(AvailabilityReports.html(r)).contains("(so far: the month is not over)", "<td>ongoing</td>");
    }

    @Test
    void periodsAreParsedStrictly() {
        ZoneId paris = ZoneId.of("Europe/Paris");
        ReportPeriod w = ReportPeriod.parseWeek("2026-W53", paris);
        assertThat(w.start()).isEqualTo("2026-12-28T00:00+01:00[Europe/Paris]");
        assertThat(w.end()).isEqualTo("2027-01-04T00:00+01:00[Europe/Paris]");
        assertThat(ReportPeriod.weekOf(java.time.LocalDate.of(2026, 11, 26), paris).name()).isEqualTo("2026-W48");
        assertThatThrownBy(() -> ReportPeriod.parseWeek("2027-W53", paris)).hasMessage("week '2027-W53': expected"
                + " an ISO week YYYY-Www, such as 2026-W48 (weeks 01 to 52, or 53 in a year that has one)");
        assertThatThrownBy(() -> ReportPeriod.parseMonth("2026-13", paris))
                .hasMessage("month '2026-13': expected YYYY-MM, such as 2026-11");
        assertThat(ReportPeriod.parseMonth("2026-03", paris).end().toInstant())
                .isEqualTo("2026-03-31T22:00:00Z"); // summer time began on the 29th
    }

    @Test
    void aTitleWithMarkupIsEscapedInTheReportAndItsIndex() throws Exception {
        HistoryStore store = open();
        Optional<ServiceHistory> none = store.history("x");
        assertThat(none).isEmpty();
        ServiceStatus s = ServiceStatus.builder("x").title("<script>alert(1)</script> & co")
                .result(PromiseResult.ok("m")).startDate(T0.atOffset(ZoneOffset.UTC))
                .changeDate(T0.atOffset(ZoneOffset.UTC)).validUntil(T0.plus(VALID).atOffset(ZoneOffset.UTC)).build();
        store.recordRun(s, true, Optional.empty());
        AvailabilityReports.Report r = AvailabilityReports.build(ReportPeriod.weekOf(java.time.LocalDate.of(2026, 11,
                2), ZoneOffset.UTC), at(60), store, List.of(), UnknownAs.EXCLUDED);

        List<Path> files = AvailabilityReports.write(dir.resolve("web/reports"), r);

        assertThat(files.get(0)).hasFileName("2026-W45.html");
        assertThat(Files.readString(files.get(0))).contains("<td>&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"
                + " <span class=\"id\">x</span></td>").doesNotContain("<script>");
        assertThat(Files.readString(dir.resolve("web/reports/index.html")))
                .contains("<li><a href=\"2026-W45.html\">2026-W45</a>");
    }

    @Test
    void csvFieldsAreQuotedAndFormulasDefused() {
        assertThat(AvailabilityReports.csvField("plain")).isEqualTo("plain");
        assertThat(AvailabilityReports.csvField("a,\"b\"")).isEqualTo("\"a,\"\"b\"\"\"");
        assertThat(AvailabilityReports.csvField("=HYPERLINK(1)")).isEqualTo("\"'=HYPERLINK(1)\"");
        assertThat(AvailabilityReports.percent(0.995)).hasToString("99.5");
        assertThat(AvailabilityReports.percent(1.0)).hasToString("100");
        assertThat(AvailabilityReports.percent(0.9999996)).hasToString("99.999");
    }
}
