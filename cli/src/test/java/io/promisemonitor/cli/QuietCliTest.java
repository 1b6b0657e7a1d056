package io.promisemonitor.cli;

import static io.promisemonitor.cli.CliTest.monitor;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promisemonitor.cli.CliTest.Run;
import io.promisemonitor.core.testing.TestInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code monitor validate} on the keys of maintenance, dependencies and confirmations; {@code monitor silence}. */
class QuietCliTest {

    @TempDir
    Path dir;

    @Test
    void validateNamesEveryBadWindowConfirmationAndDependencyWithFileAndLine() {
        TestInstance instance = TestInstance.create(dir);
        instance.service("a", "command = /bin/true", "maintenance = */30 * * * * for 1h");
        instance.service("b", "command = /bin/true", "failures-before-bad = 0", "successes-before-ok = x",
                "flap-limit = -1");
        instance.service("c", "command = /bin/true", "depends-on = c");
        instance.service("d", "command = /bin/true", "depends-on = e", "  nosuch");
        instance.service("e", "command = /bin/true", "depends-on = f");
        instance.service("f", "command = /bin/true", "depends-on = d");
        instance.service("g", "command = /bin/true", "maintenance = 0 3 * * 0 for 2h", "  0 4 * * * for",
                "  0 5 * * 1 for 0s", "  @daily for 1d");
        Path folder = instance.promiseFolder();

        Run run = monitor("validate", "--instance", instance.root().toString());

        assertThat(run.out()).isEqualTo(String.join("\n",
                folder.resolve("a.cfg") + " line 3: maintenance '*/30 * * * * for 1h': the window (1h) is not"
                        + " shorter than its period (30m); allowed: a window that ends before the next one starts",
                folder.resolve("b.cfg") + " line 3: failures-before-bad '0' is not allowed; allowed: a whole"
                        + " number from 1 to 100",
                folder.resolve("b.cfg") + " line 4: successes-before-ok 'x' is not allowed; allowed: a whole"
                        + " number from 1 to 100",
                folder.resolve("b.cfg") + " line 5: flap-limit '-1' is not allowed; allowed: a whole number from 0"
                        + " to 1000",
                folder.resolve("c.cfg") + " line 3: depends-on 'c' is this service itself; allowed: other services"
                        + " of this monitor",
                folder.resolve("d.cfg") + " line 3: depends-on 'e' makes a cycle: d -> e -> f -> d; allowed:"
                        + " dependencies that never lead back to the service",
                folder.resolve("d.cfg") + " line 4: depends-on 'nosuch' is not a service of this monitor; allowed:"
                        + " the name of a .cfg or executable of the promise folders",
                folder.resolve("g.cfg") + " line 4: maintenance '0 4 * * * for' is not a window; allowed: <cron>"
                        + " for <duration>, such as 0 3 * * 0 for 2h",
                "8 problems found", ""));
        assertThat(run.code()).isEqualTo(1);
    }

    @Test
    void validateNamesAZeroWindowAndAWindowAsLongAsItsDay() {
        TestInstance instance = TestInstance.create(dir);
        instance.service("g", "command = /bin/true", "maintenance = 0 3 * * 0 for 2h", "  0 5 * * 1 for 0s");
        instance.service("h", "command = /bin/true", "maintenance = @daily for 1d");
        Path folder = instance.promiseFolder();

        Run run = monitor("validate", "--instance", instance.root().toString());

        assertThat(run.out()).isEqualTo(String.join("\n",
                folder.resolve("g.cfg") + " line 4: maintenance '0 5 * * 1 for 0s': a window of 0s is not allowed;"
                        + " allowed: a duration above zero, such as 2h",
                folder.resolve("h.cfg") + " line 3: maintenance '@daily for 1d': the window (1d) is not shorter"
                        + " than its period (1d); allowed: a window that ends before the next one starts",
                "2 problems found", ""));
    }

    @Test
    void aSilenceIsSetListedAndEndedAndItsFileLivesInTheStateFolder() throws Exception {
        TestInstance instance = TestInstance.create(dir);
        instance.service("web", "command = /bin/true");
        instance.service("db", "command = /bin/true");
        String root = instance.root().toString();

        Run set = monitor("silence", "web", "db", "--for", "2h", "--reason", "moving the database",
                "--instance", root);
        assertThat(set.err()).isEmpty();
        assertThat(set.code()).isZero();
        assertThat(set.out()).matches("silence [0-9a-f]{8}: web, db until .* \\(moving the database\\)\n");
        String id = set.out().substring("silence ".length(), "silence ".length() + 8);
        Path file = instance.monitor().stateFolder("silences").resolve(id + ".json");
        JsonNode json = new ObjectMapper().readTree(file.toFile());
        assertThat(json.get("services").toString()).isEqualTo("[\"web\",\"db\"]");
        assertThat(json.get("reason").asText()).isEqualTo("moving the database");
        assertThat(Duration.between(Instant.parse(json.get("from").asText()),
                Instant.parse(json.get("until").asText()))).isEqualTo(Duration.ofHours(2));

        Run list = monitor("silence", "--list", "--instance", root);
        assertThat(list.out()).startsWith(id + "  until ").contains("  web, db  (moving the database)  set by cli:");

        assertThat(monitor("silence", "--end", id, "--instance", root).out()).isEqualTo("silence " + id
                + " ended; the services it covered are told again from their next run\n");
        assertThat(file).doesNotExist();
        assertThat(monitor("silence", "--list", "--instance", root).out()).isEqualTo("no silence set, no service"
                + " in a maintenance window\n");
        instance.service("backup", "command = /bin/true", "maintenance = * * * * * for 59s");
        Instant before = Instant.now();
        String windows = monitor("silence", "--list", "--instance", root).out();
        Instant after = Instant.now();
        // the window is off during the last second of each minute
        Assumptions.assumeTrue(before.getEpochSecond() / 60 == after.getEpochSecond() / 60
                && after.getEpochSecond() % 60 < 59);
        assertThat(windows).matches("window    until .*  backup  \\(maintenance window \\* \\* \\* \\* \\*"
                + " for 59s\\)\n");
        Run again = monitor("silence", "--end", id, "--instance", root);
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err()).isEqualTo("no silence '" + id + "' (ended already, or never set); monitor silence"
                + " --list shows those set\n");
    }

    @Test
    void aBadSilenceIsRefusedSayingWhatIsAllowed() throws Exception {
        TestInstance instance = TestInstance.create(dir);
        instance.service("web", "command = /bin/true");
        String root = instance.root().toString();
        List<List<String>> cases = List.of(
                List.of("nosuch", "--for", "1h"),
                List.of("web"),
                List.of("web", "--for", "1h", "--until", "22:00"),
                List.of("web", "--for", "40d"),
                List.of("web", "--for", "soon"),
                List.of("web", "--until", "tomorrow"),
                List.of("web", "--until", "2020-01-01T00:00:00Z"),
                List.of("--all", "web", "--for", "1h"),
                List.of("--end", "../../etc"),
                List.of("--list", "web"));
        List<String> errors = cases.stream().map(c -> monitor(Stream.concat(Stream.of("silence", "--instance",
                root), c.stream()).toArray(String[]::new))).peek(r -> assertThat(r.code()).isEqualTo(2))
                .map(Run::err).toList();
        assertThat(errors).containsExactly(
                "unknown service 'nosuch'; allowed: web\n",
                "monitor silence: no duration nor end given; allowed: one of them, such as for 2h or until 22:30\n",
                "monitor silence: both a duration and an end are given; allowed: one of them, such as for 2h or"
                        + " until 22:30\n",
                "monitor silence: duration '40d' is not allowed; allowed: from 1s to 31d\n",
                "monitor silence: duration 'soon' is not a duration; allowed: a whole number with a unit ms, s, m,"
                        + " h or d, such as 20s, 5m, 1h\n",
                "monitor silence: end 'tomorrow' is not a time; allowed: 2026-12-04T22:30:00+01:00,"
                        + " 2026-12-04T22:30 or 22:30 (local time)\n",
                "monitor silence: the end 2020-01-01T00:00:00Z is not in the future; allowed: a time in the"
                        + " future\n",
                "monitor silence: --all and services [web] given; allowed: one of them\n",
                "--end '../../etc' is not a silence id; allowed: the 8 hex digits --list shows\n",
                "monitor silence: give services (or --all), --list or --end ID; allowed: one of them\n");
        assertThat(Files.exists(instance.monitor().stateFolder("silences"))).isFalse();
    }

    @Test
    void loneRunsKeepCountingAttemptsAndHonourASilenceAcrossProcessesAndStatusSaysSo() throws Exception {
        TestInstance instance = TestInstance.create(dir);
        instance.service("web", "failures-before-bad = 2");
        instance.script("web", "if [ -f \"$MONITOR_INSTANCE/down\" ]; then echo 'web is down'; exit 2; fi;"
                + " echo 'web is fine'");
        String root = instance.root().toString();
        assertThat(monitor("run-promise", "web", "--instance", root).code()).isZero();
        Files.writeString(instance.root().resolve("down"), "");

        assertThat(monitor("run-promise", "web", "--instance", root).code()).as("not confirmed yet").isZero();
        Run status = monitor("status", "--instance", root, "--color", "never");
        assertThat(status.out()).contains("[ERROR unconfirmed 1/2] web is down");
        assertThat(monitor("run-promise", "web", "--instance", root).code()).isEqualTo(2);

        monitor("silence", "web", "--for", "1h", "--reason", "swap the disk", "--instance", root);
        monitor("run-promise", "web", "--instance", root);
        JsonNode json = new ObjectMapper().readTree(instance.statusFile("web").toFile());
        assertThat(json.get("silence-reason").asText()).isEqualTo("swap the disk");
        assertThat(json.get("status-before-silence").asText()).isEqualTo("ERROR");
        assertThat(monitor("status", "--instance", root, "--color", "never").out())
                .contains("[in maintenance until ");
    }
}
