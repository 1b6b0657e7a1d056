package io.promisemonitor.cli;

import static io.promisemonitor.cli.CliTest.monitor;
import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.core.config.InstanceConfig;
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
                "info: " + conf + " line 6: webdav-folder: SlapOS key, not used",
                "info: " + conf + " line 7: report-folder: SlapOS key, not used",
                "info: " + conf + " line 11: crond-folder: SlapOS key, not used",
                "info: " + conf + " line 12: logrotate-folder: SlapOS key, not used",
                "info: " + conf + " line 13: promise-runner: SlapOS key, not used",
                "info: " + conf + " line 17: pid-file: SlapOS key, not used",
                "info: " + conf + " line 18: randomsleep: SlapOS key, not used",
                "info: " + conf + " line 21: parameter-file-path: SlapOS key, not used",
                "info: " + conf + " line 26: collector-db: SlapOS key, not used",
                "info: " + conf + " line 27: collect-script: SlapOS key, not used",
                "info: " + conf + " line 28: statistic-script: SlapOS key, not used",
                "info: " + conf + " line 29: python: SlapOS key, not used",
                "info: " + conf + " line 30: nice-cmd: SlapOS key, not used",
                "info: " + conf + " line 31: promise-output-file: SlapOS key, not used",
                "OK: " + conf + " and 5 services read without a problem", ""));
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
    }
}
