package io.promisemonitor.cli;

import static io.promisemonitor.cli.CliTest.monitor;
import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.core.config.InstanceConfig;
import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.executor.PromiseExecutor;
import io.promisemonitor.core.config.PromiseRegistry;
import io.promisemonitor.core.testing.MutableClock;
import io.promisemonitor.core.testing.SlapOsGlobalState;
import io.promisemonitor.core.config.Runner;
import io.promisemonitor.core.config.ServiceConfig;
import io.promisemonitor.core.testing.SlapOsFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SlapOS instances rebuilt from SlapOS's templates of 2015, 2016 and 2018 (test resources slapos/) run as they are. */
class SlapOsInstancesTest {

    @TempDir
    Path dir;

    @Test
    void validateAcceptsEveryFixtureAndListsEachSlapOsKeyNotUsedOnOneInfoLine() {
        for (String name : SlapOsFixture.names()) {
            Path instance = SlapOsFixture.copy(name, dir.resolve(name));

            CliTest.Run run = monitor("validate", "--instance", instance.toString());

            assertThat(run.code()).as(name + ": " + run.out() + run.err()).isZero();
            assertThat(run.out()).as(name).doesNotContain("unknown").contains("info: ");
        }
    }

    @Test
    void validateOfThe2018InstanceSaysWhichSlapOsKeysAreNotUsed() {
        Path instance = SlapOsFixture.copy("2018-01-monitor", dir);
        Path conf = instance.resolve("etc/monitor.conf");

        CliTest.Run run = monitor("validate", "--instance", instance.toString());

        assertThat(run.out()).isEqualTo(String.join("\n",
                "info: " + conf + " line 6: [monitor] webdav-folder: SlapOS key, not used",
                "info: " + conf + " line 7: [monitor] report-folder: SlapOS key, not used",
                "info: " + conf + " line 11: [monitor] crond-folder: SlapOS key, not used",
                "info: " + conf + " line 12: [monitor] logrotate-folder: SlapOS key, not used",
                "info: " + conf + " line 13: [monitor] promise-runner: SlapOS key, not used",
                "info: " + conf + " line 17: [monitor] pid-file: SlapOS key, not used",
                "info: " + conf + " line 18: [monitor] randomsleep: SlapOS key, not used",
                "info: " + conf + " line 21: [monitor] parameter-file-path: SlapOS key, not used",
                "info: " + conf + " line 26: [monitor] collector-db: SlapOS key, not used",
                "info: " + conf + " line 27: [monitor] collect-script: SlapOS key, not used",
                "info: " + conf + " line 28: [monitor] statistic-script: SlapOS key, not used",
                "info: " + conf + " line 29: [monitor] python: SlapOS key, not used",
                "info: " + conf + " line 30: [monitor] nice-cmd: SlapOS key, not used",
                "info: " + conf + " line 31: [monitor] promise-output-file: SlapOS key, not used",
                "OK: " + conf + " and 5 services read without a problem", ""));
    }

    @Test
    void validateWarnsAboutAnExecutableInTwoPromiseFoldersNamingBothAndExitsZero() throws Exception {
        Path instance = SlapOsFixture.copy("2016-monitor", dir);
        Path first = instance.resolve("etc/promise/monitor-http-frontend");
        Path second = Files.copy(first, instance.resolve("etc/monitor-promise/monitor-http-frontend"));

        CliTest.Run run = monitor("validate", "--instance", instance.toString());

        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("warning: " + second + ": service 'monitor-http-frontend' is also " + first
                + ", which is the one used (the first promise folder wins); rename or remove one of them\n");
        assertThat(InstanceConfig.load(instance).services().get("monitor-http-frontend").runner())
                .isEqualTo(new Runner.Executable(first));
    }

    @Test
    void servicesComeFromEveryPromiseFolderAsBareExecutablesOrCfgFiles() {
        Map<String, List<String>> expected = Map.of(
                "2015-monitor2", List.of("monitor-httpd-listening-on-tcp", "monitor-password"),
                "2016-monitor", List.of("monitor-bootstrap-status", "monitor-http-frontend",
                        "monitor-httpd-listening-on-tcp"),
                "2018-01-monitor", List.of("buildout-slappart3-status", "check-free-disk-space",
                        "monitor-bootstrap-status", "monitor-http-frontend", "monitor-httpd-listening-on-tcp"),
                "2018-10-monitor", List.of("monitor-http-frontend", "monitor-httpd-listening-on-tcp"));
        for (String name : SlapOsFixture.names()) {
            Path instance = SlapOsFixture.copy(name, dir.resolve(name));

            InstanceConfig config = InstanceConfig.load(instance);

            assertThat(config.broken()).as(name).isEmpty();
            assertThat(config.services().keySet()).as(name).containsExactlyElementsOf(expected.get(name));
        }
    }

    @Test
    void aCfgInMonitorPromiseDescribesTheExecutableOfTheSameNameInPromise() {
        Path instance = SlapOsFixture.copy("2015-monitor2", dir);

        ServiceConfig httpd = InstanceConfig.load(instance).services().get("monitor-httpd-listening-on-tcp");

        assertThat(httpd.title()).isEqualTo("Monitor httpd listening");
        assertThat(httpd.runner()).isEqualTo(new Runner.Executable(
                instance.resolve("etc/promise/monitor-httpd-listening-on-tcp")));
        assertThat(httpd.publicPathList()).containsExactly(instance.resolve("var/log/monitor/httpd-access.log"),
                instance.resolve("var/log/monitor/httpd-error.log"));
    }

    @Test
    void aBareExecutableIsAServiceNamedAfterItRunEveryMinuteWithThePromisesTimeoutFile() throws Exception {
        Path instance = SlapOsFixture.copy("2018-01-monitor", dir);
        Files.writeString(instance.resolve("etc/promise_timeout"), "7\n");

        ServiceConfig disk = InstanceConfig.load(instance).services().get("check-free-disk-space");

        assertThat(disk.title()).isEqualTo("check-free-disk-space");
        assertThat(disk.frequency().expression()).isEqualTo("* * * * *");
        assertThat(disk.timeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(disk.cfgFile()).isEqualTo(instance.resolve("etc/monitor-promise/check-free-disk-space"));
    }

    @Test
    void theHtpasswdFileOfParameterListGuardsThePrivateFolder() {
        Path instance = SlapOsFixture.copy("2016-monitor", dir);

        assertThat(InstanceConfig.loadMonitor(instance).settings()
                .get(io.promisemonitor.core.config.MonitorKeys.HTPASSWD_FILE))
                .isEqualTo(instance.resolve("etc/monitor-htpasswd"));
    }

    @Test
    void theSlapgridPluginFolderOfPromisesSectionIsNotReadAsPromises() {
        Path instance = SlapOsFixture.copy("2018-10-monitor", dir);

        assertThat(InstanceConfig.loadMonitor(instance).promiseFolders())
                .containsExactly(instance.resolve("etc/promise"), instance.resolve("etc/monitor-promise"));
        assertThat(monitor("validate", "--instance", instance.toString()).out()).contains("info: "
                + instance.resolve("etc/monitor.conf") + " line 27: [promises] promise-folder: SlapOS key, not used\n");
    }

    /** What SlapOS made of each fixture's promises (the fixtures' READMEs): every one of them fails there. */
    private static final Map<String, Map<String, String>> SLAPOS_STATUS = Map.of(
            "2015-monitor2", Map.of("monitor-httpd-listening-on-tcp", "ERROR", "monitor-password", "ERROR"),
            "2016-monitor", Map.of("monitor-bootstrap-status", "ERROR", "monitor-http-frontend", "ERROR",
                    "monitor-httpd-listening-on-tcp", "ERROR"),
            "2018-01-monitor", Map.of("buildout-slappart3-status", "ERROR", "check-free-disk-space", "ERROR",
                    "monitor-bootstrap-status", "ERROR", "monitor-http-frontend", "ERROR",
                    "monitor-httpd-listening-on-tcp", "ERROR"),
            "2018-10-monitor", Map.of("monitor-http-frontend", "ERROR", "monitor-httpd-listening-on-tcp", "ERROR"));

    @Test
    void runPromiseGivesEachFixturePromiseTheStatusSlapOsGaveIt() {
        for (String name : List.of("2015-monitor2", "2016-monitor", "2018-01-monitor")) {
            Path instance = SlapOsFixture.copy(name, dir.resolve(name));
            for (Map.Entry<String, String> e : SLAPOS_STATUS.get(name).entrySet()) {

                CliTest.Run run = monitor("run-promise", "--instance", instance.toString(), e.getKey());

                assertThat(run.out()).as(name + " " + e.getKey()).startsWith(e.getKey() + ": " + e.getValue() + ": ");
            }
            assertThat(countsOfMonitorStatus(instance)).as(name).isEqualTo(countsOfSlapOs(instance));
        }
    }

    @Test
    void theMessagesAreThoseSlapOsShowedFirstLines() {
        Path instance = SlapOsFixture.copy("2018-01-monitor", dir);

        assertThat(monitor("run-promise", "--instance", instance.toString(), "check-free-disk-space").out())
                .matches("check-free-disk-space: ERROR: Free disk space low: remaning [0-9.]+ G \\(threshold:"
                        + " 102400.0 G\\)\n(?s).*");
        assertThat(monitor("run-promise", "--instance", instance.toString(), "monitor-bootstrap-status").out())
                .startsWith("monitor-bootstrap-status: ERROR: Monitor bootstrap exited with error.\n");
    }

    @Test
    void theExecutorRunsEveryFixtureAndSlapOsCountsWhatMonitorStatusCounts() throws Exception {
        for (String name : List.of("2016-monitor", "2018-01-monitor", "2018-10-monitor")) {
            Path instance = SlapOsFixture.copy(name, dir.resolve(name));
            MonitorConfig monitor = InstanceConfig.loadMonitor(instance);
            MutableClock clock = MutableClock.at("2026-12-04T10:00:30Z");
            PromiseExecutor.prepareFolders(monitor);
            PromiseExecutor executor = new PromiseExecutor(monitor, clock, PromiseRegistry.fromClassPath());
            try {
                executor.tick();
                assertThat(executor.awaitIdle(Duration.ofSeconds(60))).isTrue();
            } finally {
                executor.shutdown(Duration.ofSeconds(10));
            }

            assertThat(countsOfSlapOs(instance)).as(name).isEqualTo(
                    List.of(SLAPOS_STATUS.get(name).size(), 0));
            assertThat(countsOfMonitorStatus(instance)).as(name).isEqualTo(countsOfSlapOs(instance));
        }
    }

    @Test
    void cronModeRunsEveryFixtureAsTheExecutorDoes() {
        for (String name : List.of("2015-monitor2", "2016-monitor", "2018-01-monitor")) {
            Path instance = SlapOsFixture.copy(name, dir.resolve(name));
            MutableClock clock = MutableClock.at("2026-12-04T10:01:00.300Z");

            int code = new picocli.CommandLine(new RunDueCommand(clock)).execute("--instance", instance.toString());

            assertThat(code).isZero();
            assertThat(countsOfSlapOs(instance)).as(name).isEqualTo(List.of(SLAPOS_STATUS.get(name).size(), 0));
            assertThat(countsOfMonitorStatus(instance)).as(name).isEqualTo(countsOfSlapOs(instance));
        }
    }

    @Test
    void theFilesSlapOsToolsReadAreWrittenAsSlapOsScriptsWroteThem() throws Exception {
        Path instance = SlapOsFixture.copy("2018-01-monitor", dir);
        MutableClock clock = MutableClock.at("2026-12-04T10:01:00.300Z");
        assertThat(new picocli.CommandLine(new RunDueCommand(clock)).execute("--instance", instance.toString()))
                .isZero();
        Path pub = instance.resolve("srv/monitor/public");
        Path priv = instance.resolve("srv/monitor/private");
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        String base = "https://softinst73421.frontend.invalid/";

        com.fasterxml.jackson.databind.JsonNode global = json.readTree(priv.resolve("monitor.global.json").toFile());
        assertThat(global.path("status").asText()).isEqualTo("ERROR");
        assertThat(global.path("state").path("error").asInt()).isEqualTo(5);
        assertThat(global.path("state").path("success").isInt()).isTrue();
        assertThat(global.path("type").asText()).isEqualTo("global");
        assertThat(global.path("portal_type").asText()).isEqualTo("Software Instance");
        assertThat(global.path("date").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+0000");
        assertThat(global.path("title").asText()).isEqualTo("kvm0");
        assertThat(global.path("specialise_title").asText()).isEqualTo("My KVM");
        assertThat(global.path("_links").path("rss_url").path("href").asText()).isEqualTo(base + "public/feed");
        assertThat(global.path("_links").path("public_url").path("href").asText()).isEqualTo(base + "share/public/");
        assertThat(global.path("_links").path("private_url").path("href").asText()).isEqualTo(base + "share/private/");
        com.fasterxml.jackson.databind.JsonNode publicGlobal = json.readTree(pub.resolve("monitor.global.json").toFile());
        assertThat(publicGlobal.path("status").asText()).isEqualTo("ERROR");
        assertThat(publicGlobal.path("_links").path("monitor").path("href").asText()).isEqualTo(base + "share/private/");

        String feed = Files.readString(pub.resolve("feed"));
        assertThat(feed.split("<item>", -1)).hasSize(6);
        assertThat(feed).contains("<title>[ERROR] check-free-disk-space</title>", "<category>ERROR</category>",
                "<source url=\"" + base + "share/public/\">check-free-disk-space</source>");
        assertThat(Files.readString(pub.resolve("feeds"))).contains("<title>My KVM</title>",
                "<outline text=\"kvm0\" title=\"kvm0\" type=\"rss\" version=\"RSS\" htmlUrl=\"" + base
                        + "public/feed\" xmlUrl=\"" + base + "public/feed\" url=\"" + base + "share/private/\"/>");
        assertThat(Files.readString(pub.resolve("_document_list")).split("\n")).contains("monitor.global",
                "check-free-disk-space.status").doesNotContain("");
        assertThat(Files.readString(priv.resolve("_document_list"))).isEqualTo("monitor.global");

        com.fasterxml.jackson.databind.JsonNode history = json.readTree(
                pub.resolve("check-free-disk-space.history.json").toFile());
        assertThat(history.path("date").isNumber()).isTrue();
        assertThat(history.path("data")).hasSize(1);
        assertThat(history.path("data").get(0).path("status").asText()).isEqualTo("ERROR");
        assertThat(history.path("runs")).hasSize(1);
    }

    /** [ERROR, OK] as SlapOS's globalstate.py counts them over the public folder. */
    private static List<Integer> countsOfSlapOs(Path instance) {
        SlapOsGlobalState.Result state = SlapOsGlobalState.read(InstanceConfig.loadMonitor(instance).publicFolder());
        return List.of(state.error(), state.success());
    }

    /** [ERROR, OK] as the rows of {@code monitor status} say. */
    private static List<Integer> countsOfMonitorStatus(Path instance) {
        String out = monitor("status", "--instance", instance.toString(), "--color", "never").out();
        int error = 0;
        int ok = 0;
        for (String line : out.split("\n")) {
            String[] cells = line.trim().split(" +");
            if (cells.length > 1 && cells[1].equals("ERROR")) {
                error++;
            } else if (cells.length > 1 && cells[1].equals("OK")) {
                ok++;
            }
        }
        return List.of(error, ok);
    }
}
