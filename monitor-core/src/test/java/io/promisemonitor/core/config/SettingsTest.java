package io.promisemonitor.core.config;

import static org.assertj.core.api.Assertions.assertThat;

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
    void aKeySetInCodeIsGivenAndTheDefaultsFollowingItFollow() {
        Settings s = Settings.defaults(instance).with(MonitorKeys.WEB_FOLDER, instance.resolve("www"));

        assertThat(s.isGiven(MonitorKeys.WEB_FOLDER)).isTrue();
        assertThat(s.isGiven(MonitorKeys.MONITOR_HAL_JSON)).isFalse();
        assertThat(s.get(MonitorKeys.MONITOR_HAL_JSON)).isEqualTo(instance.resolve("www/monitor.haljson"));
    }
}
