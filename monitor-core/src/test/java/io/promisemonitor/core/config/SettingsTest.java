package io.promisemonitor.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

    @TempDir
    Path instance;

    @Test
    void everyKeyOfSettingsBuiltInCodeHasTheValueAnEmptyMonitorConfGives() throws Exception {
        Files.createDirectories(instance.resolve("etc"));
        Files.writeString(instance.resolve("etc/monitor.conf"), "[monitor]\n");
        Settings fromFile = InstanceConfig.loadMonitor(instance).settings();
        Settings inCode = Settings.defaults(instance);

        for (ConfigKey<?> key : MonitorKeys.REGISTRY.keys()) {
            assertThat(inCode.get(key)).as(key.name()).isEqualTo(fromFile.get(key)).isNotNull();
        }
        assertThat(inCode.get(MonitorKeys.LEGACY_PROMISE_FOLDER)).isEqualTo(fromFile.get(
                MonitorKeys.LEGACY_PROMISE_FOLDER)).isEmpty();
    }

    @Test
    void theExecutorsDefaultsAreTheDocumentedOnes() {
        Settings s = Settings.defaults(instance);

        assertThat(s.get(MonitorKeys.CONCURRENCY)).isEqualTo(Math.max(4, 4 * Runtime.getRuntime()
                .availableProcessors()));
        assertThat(s.get(MonitorKeys.SPREAD_STARTS)).isTrue();
        assertThat(MonitorKeys.CONCURRENCY.defaultText()).isEqualTo("4 x cores");
        assertThat(MonitorKeys.SPREAD_STARTS.defaultText()).isEqualTo("yes");
    }

    @Test
    void logRunsIsAllByDefaultTakesProblemsAndSaysWhatIsAllowedOtherwise() throws Exception {
        Files.createDirectories(instance.resolve("etc"));
        assertThat(Settings.defaults(instance).get(MonitorKeys.LOG_RUNS)).isEqualTo(LogRuns.ALL);
        Files.writeString(instance.resolve("etc/monitor.conf"), "[monitor]\nlog-runs = Problems\n");
        assertThat(InstanceConfig.loadMonitor(instance).settings().get(MonitorKeys.LOG_RUNS))
                .isEqualTo(LogRuns.PROBLEMS);
        Files.writeString(instance.resolve("etc/monitor.conf"), "[monitor]\nlog-runs = loud\n");
        assertThatThrownBy(() -> InstanceConfig.loadMonitor(instance)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("line 2: log-runs 'loud' is not allowed; allowed: all or problems");
    }

    @Test
    void aKeySetInCodeIsGivenAndTheDefaultsFollowingItFollow() {
        Settings s = Settings.defaults(instance).with(MonitorKeys.WEB_FOLDER, instance.resolve("www"));

        assertThat(s.isGiven(MonitorKeys.WEB_FOLDER)).isTrue();
        assertThat(s.isGiven(MonitorKeys.MONITOR_HAL_JSON)).isFalse();
        assertThat(s.get(MonitorKeys.MONITOR_HAL_JSON)).isEqualTo(instance.resolve("www/monitor.haljson"));
    }
}
