package io.promisemonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promisemonitor.core.testing.MutableClock;
import io.promisemonitor.core.testing.TestInstance;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Availability reports in cron mode: the month's report after its last minute, and {@code monitor report}. */
class ReportCommandTest {

    @TempDir
    Path dir;

    private static int runDue(TestInstance instance, MutableClock clock) {
        return new CommandLine(new RunDueCommand(clock)).execute("--instance", instance.root().toString());
    }

    private static CliTest.Run report(TestInstance instance, MutableClock clock, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine line = new CommandLine(new ReportCommand(clock));
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 2];
        all[0] = "--instance";
        all[1] = instance.root().toString();
        System.arraycopy(args, 0, all, 2, args.length);
        int code = line.execute(all);
        return new CliTest.Run(code, out.toString(), err.toString());
    }

    @Test
    void cronWritesLastMonthsReportAfterItsLastMinuteAndReportWritesAnyPastOrCurrentPeriod() throws Exception {
        TestInstance instance = TestInstance.create(dir, "timezone = UTC", "report-unknown-as = down");
        instance.service("site", "title = Web site");
        instance.script("site", "if [ -f \"$MONITOR_INSTANCE/down\" ]; then echo 'site down'; exit 2; fi;"
                + " echo 'site up'");
        MutableClock clock = MutableClock.at(Instant.parse("2026-11-30T23:50:00.300Z"), ZoneOffset.UTC);
        // a run every cron minute from 23:50 to 23:59, ERROR at 23:55 and 23:56
        for (int minute = 50; minute < 60; minute++) {
            if (minute == 55) {
                Files.writeString(instance.root().resolve("down"), "");
            } else if (minute == 57) {
                Files.delete(instance.root().resolve("down"));
            }
            clock.set(Instant.parse("2026-11-30T23:" + minute + ":00.300Z"));
            assertThat(runDue(instance, clock)).isZero();
        }
        Path reports = instance.monitor().webFolder().resolve("reports");
        assertThat(reports.resolve("2026-11.json")).as("November is not over").doesNotExist();

        clock.set(Instant.parse("2026-12-01T00:00:00.300Z"));
        assertThat(runDue(instance, clock)).isZero();

        JsonNode site = new ObjectMapper().readTree(Files.readString(reports.resolve("2026-11.json")))
                .get("services").get(0);
        assertThat(site.get("title").asText()).isEqualTo("Web site");
        assertThat(site.get("up-seconds").asLong()).isEqualTo(8 * 60);
        assertThat(site.get("down-seconds").asLong()).isEqualTo(2 * 60);
        assertThat(site.get("availability").decimalValue()).isEqualByComparingTo("80");
        assertThat(site.get("incidents").toString()).isEqualTo("[{\"start\":\"2026-11-30T23:55:00+00:00\","
                + "\"end\":\"2026-11-30T23:57:00+00:00\",\"duration-seconds\":120,\"cause\":\"ERROR\",\"ongoing\":false}]");
        assertThat(Files.readString(reports.resolve("index.html"))).contains("<a href=\"2026-11.html\">2026-11</a>");
        assertThat(new ObjectMapper().readTree(Files.readString(instance.statusFile("site")))
                .get("valid-until").asText()).isEqualTo("2026-12-01T00:02:20+00:00");
        assertThat(new ObjectMapper().readTree(Files.readString(instance.monitor().privateFolder()
                .resolve("monitor.global.json"))).get("valid-until").asText()).isEqualTo("2026-12-01T00:02:20+00:00");
        assertThat(instance.monitor().publicFolder().resolve("site.svg")).content().contains("Web site: OK");

        CliTest.Run month = report(instance, clock, "--month", "2026-11");
        assertThat(month.code()).as(month.err()).isZero();
        assertThat(month.out()).isEqualTo("month 2026-11: 1 services, rules: report-unknown-as = down\n"
                + "  " + reports.resolve("2026-11.html") + "\n  " + reports.resolve("2026-11.csv") + "\n  "
                + reports.resolve("2026-11.json") + "\n");

        clock.set(Instant.parse("2026-12-01T00:10:00Z"));
        CliTest.Run week = report(instance, clock, "--week", "2026-W49");
        assertThat(week.code()).as(week.err()).isZero();
        assertThat(week.out()).startsWith("week 2026-W49 so far: 1 services");
        // under report-unknown-as = down, the ten minutes since cron's last minute (its last heartbeat, 00:00:00.3)
        // are down: the result of 00:00 would be valid to 00:02:20, but nobody ran since
        assertThat(Files.readString(reports.resolve("2026-W49.html"))).contains("(so far: the week is not over)",
                "<td>Web site</td><td>2026-11-30 23:55</td><td>2026-11-30 23:57</td><td>2 min</td><td>ERROR</td>",
                "<td>Web site</td><td>2026-12-01 00:00</td><td>ongoing</td><td>9 min 59 s</td><td>not observed</td>");

        CliTest.Run future = report(instance, clock, "--month", "2027-01");
        assertThat(future.code()).isEqualTo(2);
        assertThat(future.err()).isEqualTo("monitor report: month 2027-01 has not begun yet (now 2026-12-01 00:10 UTC):"
                + " a report covers a past month or the current one so far\n");
        assertThat(reports.resolve("2027-01.html")).doesNotExist();
        CliTest.Run bad = report(instance, clock, "--month", "2026-13");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).isEqualTo("monitor report: month '2026-13': expected YYYY-MM, such as 2026-11\n");
        assertThat(report(instance, clock).code()).as("--month or --week is needed").isEqualTo(2);
    }

    @Test
    void validateNamesABadReportRuleAndHistoryKeepWithFileAndLine() {
        TestInstance instance = TestInstance.create(dir, "report-unknown-as = maybe", "history-keep = 2h");
        instance.service("site", "promise = dummy");

        CliTest.Run run = CliTest.monitor("validate", "--instance", instance.root().toString());

        Path conf = instance.root().resolve("etc/monitor.conf");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out()).contains(conf + " line 2: report-unknown-as 'maybe' is not allowed; allowed: down, up or"
                + " excluded", conf + " line 3: history-keep '2h' is too short; allowed: 1d or more");
    }
}
