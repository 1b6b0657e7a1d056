package io.promisemonitor.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configuration files and values an audit throws at the reader: each refused with file, line and what is allowed. */
class OddInputTest {

    @TempDir
    Path instance;

    private Path write(String relative, String text) throws Exception {
        Path file = instance.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    private Path monitorConf(String... lines) throws Exception {
        return write("etc/monitor.conf", "[monitor]\n" + String.join("\n", lines) + "\n");
    }

    @Test
    void theTimeZoneIsTheClocksUnlessMonitorConfNamesOne() throws Exception {
        monitorConf();
        assertThat(InstanceConfig.loadMonitor(instance).settings().get(MonitorKeys.TIMEZONE)).isEmpty();

        monitorConf("timezone = Europe/Paris");
        assertThat(InstanceConfig.loadMonitor(instance).settings().get(MonitorKeys.TIMEZONE))
                .contains(ZoneId.of("Europe/Paris"));
    }

    @Test
    void anUnknownTimeZoneIsRefusedWithTheAllowedForms() throws Exception {
        Path conf = monitorConf("title = x", "timezone = Europe/Pariss");

        assertThatThrownBy(() -> InstanceConfig.loadMonitor(instance)).hasMessage(conf.toAbsolutePath().normalize()
                + " line 3: timezone 'Europe/Pariss' is not a time zone; allowed: a name of the tz database such as"
                + " Europe/Paris, America/New_York or UTC");
    }

    @Test
    void aFrequencyThatNeverFiresIsRefusedWithFileAndLine() throws Exception {
        monitorConf();
        Path cfg = write("etc/monitor-promise/leap.cfg", "[service]\ncommand = /bin/true\nfrequency = 0 0 31 2 *\n");

        InstanceConfig config = InstanceConfig.load(instance);

        assertThat(config.broken().get("leap")).extracting(ConfigProblem::toString).containsExactly(cfg.toAbsolutePath()
                .normalize() + " line 3: frequency '0 0 31 2 *' never fires: no date has that day of the month in"
                + " that month (and day of the week); allowed: a date that exists, such as 0 0 28 2 *");
    }
}
