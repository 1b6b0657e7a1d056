package io.promisemonitor.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.promisemonitor.core.promise.Durations;
import io.promisemonitor.core.promise.PromiseOptions;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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

    // ---- odd files ----

    private static void mkfifo(Path path) throws Exception {
        Process p = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        assertThat(p.waitFor()).isZero();
    }

    private static String problem(Path file) {
        try {
            IniFile.read(file);
        } catch (ConfigException e) {
            return e.getMessage();
        }
        throw new AssertionError(file + " was read");
    }

    @Test
    void aFileOverOneMebibyteIsRefusedUnreadNamingItAndTheLimit() throws Exception {
        Path big = instance.resolve("big.cfg");
        byte[] filler = new byte[20 << 20];
        Arrays.fill(filler, (byte) '#');
        Files.write(big, filler);
        Path justUnder = write("fits.cfg", "[service]\n" + "#".repeat(IniFile.MAX_BYTES - 11) + "\n");

        assertThat(problem(big)).isEqualTo(big + ": file too large (20971520 bytes); allowed: at most 1 MiB (1048576"
                + " bytes)");
        assertThat(Files.size(justUnder)).isEqualTo(IniFile.MAX_BYTES);
        assertThat(IniFile.read(justUnder).section("service")).isPresent();
    }

    @Test
    void aFifoIsNamedWithoutBeingOpened() throws Exception {
        Path fifo = instance.resolve("pipe.cfg");
        mkfifo(fifo);

        // opened, it would block until a writer comes: no writer ever comes here
        String message = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> problem(fifo));
        assertThat(message).isEqualTo(fifo + ": is a FIFO (named pipe); allowed: a regular file");
    }

    @Test
    void aDeviceAFolderAndADanglingLinkAreNamed() throws Exception {
        Path device = Files.createSymbolicLink(instance.resolve("null.cfg"), Path.of("/dev/null"));
        Path folder = Files.createDirectory(instance.resolve("folder.cfg"));
        Path dangling = Files.createSymbolicLink(instance.resolve("gone.cfg"), instance.resolve("release-41/gone.cfg"));

        assertThat(problem(device)).isEqualTo(device + ": is a character device; allowed: a regular file");
        assertThat(problem(folder)).isEqualTo(folder + ": is a folder; allowed: a regular file");
        assertThat(problem(dangling)).isEqualTo(dangling + ": is a symbolic link to " + instance.resolve(
                "release-41/gone.cfg") + ", which does not exist; allowed: a regular file, or a link to one");
    }

    @Test
    void aFileWithAUtf16OrUtf32ByteOrderMarkSaysWhichEncodingItIs() throws Exception {
        String text = "\uFEFF[service]\ntitle = caf\u00e9\n";
        for (String charset : new String[] {"UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE"}) {
            Path file = instance.resolve(charset + ".cfg");
            Files.write(file, text.getBytes(Charset.forName(charset)));

            assertThat(problem(file)).isEqualTo(file + " line 1: is " + charset + " text (it starts with a " + charset
                    + " byte order mark); allowed: UTF-8 text (iconv -f " + charset + " -t UTF-8 converts it)");
        }
    }

    @Test
    void utf16WithoutAByteOrderMarkIsNamedAtItsFirstNulByte() throws Exception {
        Path file = instance.resolve("le.cfg");
        Files.write(file, "[service]\n".getBytes(StandardCharsets.UTF_16LE));

        assertThat(problem(file)).isEqualTo(file + " line 1: holds a NUL byte at byte offset 1 (it looks like"
                + " UTF-16LE text without a byte order mark); allowed: UTF-8 text without NUL bytes");
    }

    @Test
    void aNulByteInAValueIsRefusedWithItsLine() throws Exception {
        Path file = write("nul.cfg", "[service]\ntitle = ok\ncommand = /bin/echo a\u0000b\n");

        assertThat(problem(file)).isEqualTo(file + " line 3: holds a NUL byte at byte offset 42; allowed: UTF-8 text"
                + " without NUL bytes");
    }

    @Test
    void latin1IsNamedWithItsLineAndByteOffset() throws Exception {
        Path file = instance.resolve("latin1.cfg");
        Files.write(file, "[service]\r\ntitle = ok\r\ntitle2 = caf\u00e9\r\n".getBytes(StandardCharsets.ISO_8859_1));

        assertThat(problem(file)).isEqualTo(file + " line 3: is not UTF-8: byte 0xE9 at byte offset 35; allowed:"
                + " UTF-8 text (iconv -f LATIN1 -t UTF-8 converts Latin-1)");
    }

    @Test
    void aMonitorConfThatIsTooLargeIsRefusedNamingIt() throws Exception {
        Path conf = write("etc/monitor.conf", "[monitor]\n" + "#".repeat(IniFile.MAX_BYTES) + "\n");

        assertThatThrownBy(() -> InstanceConfig.loadMonitor(instance)).hasMessage(conf.toAbsolutePath().normalize()
                + ": file too large (1048587 bytes); allowed: at most 1 MiB (1048576 bytes)");
    }

    @Test
    void everyOddCfgIsListedAsABrokenServiceWithWhatItIs() throws Exception {
        monitorConf();
        Path folder = instance.resolve("etc/monitor-promise");
        write("etc/monitor-promise/fine.cfg", "[service]\ncommand = /bin/true\n");
        mkfifo(folder.resolve("pipe.cfg"));
        Files.createDirectory(folder.resolve("dir.cfg"));
        Files.createSymbolicLink(folder.resolve("gone.cfg"), folder.resolve("nowhere.cfg"));

        InstanceConfig config = InstanceConfig.load(instance);

        assertThat(config.services()).containsOnlyKeys("fine");
        assertThat(config.broken()).containsOnlyKeys("pipe", "dir", "gone");
        assertThat(config.broken().get("gone").get(0).message()).isEqualTo("is a symbolic link to "
                + folder.resolve("nowhere.cfg") + ", which does not exist; allowed: a regular file, or a link to one");
    }

    // ---- durations bounded where they are used ----

    private Settings read(KeyRegistry registry, String key, String value, List<ConfigProblem> problems) {
        IniFile.Section section = IniFile.parse(instance.resolve("x.cfg"), "[" + registry.section() + "]\n" + key
                + " = " + value + "\n").section(registry.section()).orElseThrow();
        return registry.read(section, instance.resolve("x.cfg"), instance, "x", problems);
    }

    @Test
    void everyDurationKeyRefusesAnOverflowingValueWithTheAllowedRange() {
        List<String> durationKeys = new ArrayList<>();
        for (KeyRegistry registry : List.of(MonitorKeys.REGISTRY, ServiceKeys.REGISTRY)) {
            for (ConfigKey<?> key : registry.keys()) {
                if (!(read(registry, key.name(), "1s", new ArrayList<>()).get(key) instanceof Duration)) {
                    continue;
                }
                durationKeys.add(key.name());
                List<ConfigProblem> problems = new ArrayList<>();
                read(registry, key.name(), "999999999d", problems);
                assertThat(problems).extracting(ConfigProblem::message).singleElement().asString()
                        .startsWith(key.name() + " '999999999d' is too long; allowed: from ");
            }
        }
        assertThat(durationKeys).contains("timeout", "render-interval", "notify-timeout", "history-keep-removed");
    }

    @Test
    void aTimeoutIsAtMostADayAndAnIntervalAtMostAYear() {
        List<ConfigProblem> problems = new ArrayList<>();
        read(ServiceKeys.REGISTRY, "timeout", "25h", problems);
        read(ServiceKeys.REGISTRY, "timeout", "1d", problems);
        read(MonitorKeys.REGISTRY, "notify-timeout", "2d", problems);
        read(MonitorKeys.REGISTRY, "history-keep-removed", "367d", problems);
        read(MonitorKeys.REGISTRY, "history-keep-removed", "366d", problems);

        assertThat(problems).extracting(ConfigProblem::toString).containsExactly(
                instance.resolve("x.cfg") + " line 2: timeout '25h' is too long; allowed: from 1ms to 1d",
                instance.resolve("x.cfg") + " line 2: notify-timeout '2d' is too long; allowed: from 100ms to 1d",
                instance.resolve("x.cfg") + " line 2: history-keep-removed '367d' is too long; allowed: from 0s to"
                        + " 366d");
    }

    @Test
    void aBuiltInsDurationOptionIsBoundedToo() {
        PromiseOptions options = new PromiseOptions(
                "x.cfg [promise]", Map.of("interval", List.of("999999999d")));

        assertThatThrownBy(() -> options.duration("interval", Duration.ZERO)).hasMessage("x.cfg [promise]: option"
                + " 'interval' is '999999999d', allowed: a duration up to 366d");
        assertThatThrownBy(() -> options.duration("interval", Duration.ZERO, Durations.MAX_TIMEOUT))
                .hasMessage("x.cfg [promise]: option 'interval' is '999999999d', allowed: a duration up to 1d");
    }
}
