package io.promisemonitor.core.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promisemonitor.core.config.ConfigException;
import io.promisemonitor.core.config.UnknownAs;
import io.promisemonitor.core.testing.TestConfigs;
import io.promisemonitor.core.testing.TestInstance;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DashboardSettingsTest {

    @TempDir
    Path dir;

    @Test
    void theDefaultsOfAConfigurationBuiltInCodeAreThoseOfAnEmptyMonitorConf() {
        DashboardSettings fromFile = DashboardSettings.of(TestInstance.create(dir.resolve("a")).monitor());
        DashboardSettings inCode = DashboardSettings.of(TestConfigs.monitorConfig(dir.resolve("b")));

        assertThat(fromFile).isEqualTo(inCode);
        assertThat(fromFile.renderInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(fromFile.historyRuns()).isEqualTo(1000);
        assertThat(fromFile.historyChanges()).isEqualTo(200);
        assertThat(fromFile.feedItems()).isEqualTo(100);
    }

    @Test
    void everyKeyIsRead() {
        TestInstance instance = TestInstance.create(dir, "templates-folder = $instance/look", "render-interval = 10s",
                "dashboard-refresh = 5s", "history-runs = 50", "history-changes = 20", "history-keep-removed = 7d",
                "history-publish-interval = 1m", "feed-items = 30", "notify-command = $instance/bin/tell 'a b'",
                "notify-url = https://hooks.example/x?token=1", "notify-timeout = 2s", "notify-retries = 0",
                "notify-retry-delay = 1s", "history-keep = 40d", "report-unknown-as = down");

        DashboardSettings s = DashboardSettings.of(instance.monitor());

        assertThat(s).isEqualTo(new DashboardSettings(Optional.of(instance.root().resolve("look")),
                Duration.ofSeconds(10), Duration.ofSeconds(5), 50, 20, Duration.ofDays(7), Duration.ofMinutes(1), 30,
                List.of(instance.root() + "/bin/tell", "a b"), Optional.of(URI.create("https://hooks.example/x?token=1")),
                Duration.ofSeconds(2), 0, Duration.ofSeconds(1), Duration.ofDays(40), UnknownAs.DOWN));
    }

    @Test
    void aBadValueSaysWhatIsAllowed() {
        TestInstance instance = TestInstance.create(dir, "render-interval = 10ms", "feed-items = 0",
                "notify-url = mailto:ops@example.net", "report-unknown-as = maybe");

        assertThatThrownBy(instance::monitor).isInstanceOf(ConfigException.class)
                .hasMessageContaining("line 2: render-interval '10ms' is too short; allowed: 100ms or more")
                .hasMessageContaining("line 3: feed-items '0' is not allowed; allowed: a whole number from 1 to 10000")
                .hasMessageContaining("line 4: notify-url 'mailto:ops@example.net' is not a URL; allowed: an absolute"
                        + " http:// or https:// URL")
                .hasMessageContaining("line 5: report-unknown-as 'maybe' is not allowed; allowed: down, up or excluded");
    }
}
