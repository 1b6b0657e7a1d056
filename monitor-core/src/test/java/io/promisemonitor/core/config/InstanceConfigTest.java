package io.promisemonitor.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstanceConfigTest {

    @TempDir
    Path instance;

    private void write(String relative, String text) throws Exception {
        Path file = instance.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    @Test
    void theSeedsMonitorConfReadsWithEveryFolderUnderTheInstance() throws Exception {
        write("etc/monitor.conf", String.join("\n",
                "[monitor]",
                "title =              KVM Monitoring interface",
                "monitor-hal-json =   $instance/srv/monitor/web/monitor.haljson",
                "public-folder =      $instance/srv/monitor/public",
                "private-folder =     ${instance}/srv/monitor/private",
                "web-folder =         $instance/srv/monitor/web",
                "cgi-folder =         $instance/srv/monitor/cgi-bin",
                "service-pid-folder = $instance/var/monitor/service-pid",
                "crond-folder =       $instance/etc/cron.d",
                "public-path-list =",
                "  $instance/var/log",
                "private-path-list =",
                "  $instance/srv/backup/log_rotate",
                "monitor-url-list =",
                "  https://[2001:db8::1]:4443/",
                "  https://other.example.net",
                ""));

        MonitorConfig m = InstanceConfig.loadMonitor(instance);

        Path root = instance.toAbsolutePath().normalize();
        assertThat(m.title()).isEqualTo("KVM Monitoring interface");
        assertThat(m.publicFolder()).isEqualTo(root.resolve("srv/monitor/public"));
        assertThat(m.privateFolder()).isEqualTo(root.resolve("srv/monitor/private"));
        assertThat(m.monitorHalJson()).isEqualTo(root.resolve("srv/monitor/web/monitor.haljson"));
        assertThat(m.promiseFolder()).isEqualTo(root.resolve("etc/monitor-promise"));
        assertThat(m.stateFolder()).isEqualTo(root.resolve("var/monitor/state"));
        assertThat(m.stateFolder("history")).isEqualTo(root.resolve("var/monitor/state/history"));
        assertThat(m.publicPathList()).containsExactly(root.resolve("var/log"));
        assertThat(m.privatePathList()).containsExactly(root.resolve("srv/backup/log_rotate"));
        assertThat(m.monitorUrlList()).containsExactly(URI.create("https://[2001:db8::1]:4443/"),
                URI.create("https://other.example.net/"));
        assertThat(m.baseUrl()).isEmpty();
    }

    @Test
    void aMinimalMonitorConfGetsEveryDefault() throws Exception {
        write("etc/monitor.conf", "[monitor]\n");

        MonitorConfig m = InstanceConfig.loadMonitor(instance);

        assertThat(m.title()).isEqualTo("Monitor");
        assertThat(m.webFolder()).isEqualTo(instance.toAbsolutePath().resolve("srv/monitor/web"));
        assertThat(m.monitorHalJson()).isEqualTo(m.webFolder().resolve("monitor.haljson"));
        assertThat(m.settings().get(MonitorKeys.SPREAD_STARTS)).isTrue();
    }

    @Test
    void aChangedWebFolderMovesTheDefaultHalJsonWithIt() throws Exception {
        write("etc/monitor.conf", "[monitor]\nweb-folder = /var/www/m\n");

        assertThat(InstanceConfig.loadMonitor(instance).monitorHalJson()).isEqualTo(Path.of("/var/www/m/monitor.haljson"));
    }

    @Test
    void anUnknownKeyGetsADidYouMean() throws Exception {
        write("etc/monitor.conf", "[monitor]\ntitle = x\npublic-foldr = /x\n");

        assertThatThrownBy(() -> InstanceConfig.loadMonitor(instance))
                .hasMessage(instance.toAbsolutePath().resolve("etc/monitor.conf")
                        + " line 3: unknown key 'public-foldr' in [monitor]; did you mean 'public-folder'?");
    }

    @Test
    void aMissingMonitorConfSaysWhatAnInstanceNeeds() {
        assertThatThrownBy(() -> InstanceConfig.loadMonitor(instance))
                .hasMessage(instance.toAbsolutePath().resolve("etc/monitor.conf") + ": file does not exist; an"
                        + " instance needs etc/monitor.conf with a [monitor] section (give the instance with"
                        + " --instance DIR)");
    }

    @Test
    void aMissingSectionIsNamed() throws Exception {
        write("etc/monitor.conf", "[monitr]\ntitle = x\n");

        assertThatThrownBy(() -> InstanceConfig.loadMonitor(instance))
                .hasMessage(instance.toAbsolutePath().resolve("etc/monitor.conf") + ": section [monitor] is missing;"
                        + " allowed: a file starting with [monitor] and its keys");
    }

    @Test
    void aBadUrlAndABadSwitchAreBothReportedWithTheirLines() throws Exception {
        write("etc/monitor.conf", "[monitor]\nmonitor-url-list =\n  ftp://x\nspread-starts = maybe\n");

        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> InstanceConfig.loadMonitor(instance));

        assertThat(e.problems()).extracting(ConfigProblem::line, ConfigProblem::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple(2, "monitor-url-list 'ftp://x' is not a URL; allowed: an"
                        + " absolute http:// or https:// URL such as https://monitor.example.net/"),
                org.assertj.core.groups.Tuple.tuple(4, "spread-starts 'maybe' is not a switch; allowed: yes or no"));
    }

    @Test
    void aServiceCfgReadsEveryKey() throws Exception {
        write("etc/monitor.conf", "[monitor]\n");
        write("etc/monitor-promise/kvm-log-parse.cfg", String.join("\n",
                "[service]",
                "title =             Kvm log parse",
                "frequency =         */5 * * * *",
                "public-path-list =  $instance/var/log/kvm.log",
                "private-path-list = $instance/var/log",
                "timeout = 30s",
                "output = JSON",
                ""));

        InstanceConfig config = InstanceConfig.load(instance);

        ServiceConfig s = config.services().get("kvm-log-parse");
        Path root = instance.toAbsolutePath().normalize();
        assertThat(config.broken()).isEmpty();
        assertThat(s.title()).isEqualTo("Kvm log parse");
        assertThat(s.frequency().expression()).isEqualTo("*/5 * * * *");
        assertThat(s.publicPathList()).containsExactly(root.resolve("var/log/kvm.log"));
        assertThat(s.privatePathList()).containsExactly(root.resolve("var/log"));
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.output()).isEqualTo(OutputMode.JSON);
        assertThat(s.runner()).isEqualTo(new Runner.Executable(root.resolve("etc/monitor-promise/kvm-log-parse")));
    }

    @Test
    void aServiceDefaultsToEveryMinuteTwentySecondsAndItsNameAsTitle() throws Exception {
        write("etc/monitor.conf", "[monitor]\n");
        write("etc/monitor-promise/web.cfg", "[service]\n");

        ServiceConfig s = InstanceConfig.load(instance).services().get("web");

        assertThat(s.title()).isEqualTo("web");
        assertThat(s.frequency().expression()).isEqualTo("* * * * *");
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(s.output()).isEqualTo(OutputMode.AUTO);
    }

    @Test
    void aCommandIsSplitWithShellQuotingAndInstanceExpanded() throws Exception {
        write("etc/monitor.conf", "[monitor]\n");
        write("etc/monitor-promise/disk.cfg",
                "[service]\ncommand = /usr/lib/nagios/plugins/check_disk -w '10%' -p \"$instance/my data\"\n");

        ServiceConfig s = InstanceConfig.load(instance).services().get("disk");

        assertThat(s.runner()).isEqualTo(new Runner.Command(List.of("/usr/lib/nagios/plugins/check_disk", "-w", "10%",
                "-p", instance.toAbsolutePath().normalize() + "/my data")));
    }

    @Test
    void aBuiltInTakesItsOptionsFromThePromiseSection() throws Exception {
        write("etc/monitor.conf", "[monitor]\n");
        write("etc/monitor-promise/disk.cfg", "[service]\npromise = disk-space\n[promise]\npath =\n  /\n  /srv\n"
                + "warning = 10%\n");

        Runner.BuiltIn b = (Runner.BuiltIn) InstanceConfig.load(instance).services().get("disk").runner();

        assertThat(b.name()).isEqualTo("disk-space");
        assertThat(b.options().list("path")).containsExactly("/", "/srv");
        assertThat(b.options().get("warning")).isEqualTo(Optional.of("10%"));
    }

    @Test
    void aBrokenCfgIsKeptApartAndTheOthersStillLoad() throws Exception {
        write("etc/monitor.conf", "[monitor]\n");
        write("etc/monitor-promise/good.cfg", "[service]\n");
        write("etc/monitor-promise/bad.cfg", "[service]\nfrequency = */61 * * * *\ntimeout = soon\n");

        InstanceConfig config = InstanceConfig.load(instance);

        Path bad = instance.toAbsolutePath().normalize().resolve("etc/monitor-promise/bad.cfg");
        assertThat(config.services()).containsOnlyKeys("good");
        assertThat(config.broken().get("bad")).containsExactly(
                new ConfigProblem(bad, 2, "frequency '*/61 * * * *': minute must be 0-59 (step 61)"),
                new ConfigProblem(bad, 3, "timeout 'soon' is not a duration; allowed: a whole number with a unit ms,"
                        + " s, m, h or d, such as 20s, 5m, 1h"));
    }

    @Test
    void commandAndPromiseTogetherAreRefused() throws Exception {
        write("etc/monitor.conf", "[monitor]\n");
        write("etc/monitor-promise/x.cfg", "[service]\ncommand = /bin/true\npromise = disk-space\n");

        assertThat(InstanceConfig.load(instance).broken().get("x")).extracting(ConfigProblem::message)
                .containsExactly("both 'command' and 'promise' are set; allowed: one of them, or neither to run the"
                        + " executable x beside the .cfg");
    }

    @Test
    void aPromiseSectionWithoutABuiltInAndAnUnknownSectionAreRefused() throws Exception {
        write("etc/monitor.conf", "[monitor]\n");
        write("etc/monitor-promise/x.cfg", "[service]\n[promise]\npath = /\n[extra]\n");

        assertThat(InstanceConfig.load(instance).broken().get("x")).extracting(ConfigProblem::message)
                .containsExactly("unknown section [extra]; allowed: [service], and [promise] for a built-in's options",
                        "section [promise] is only read with 'promise = <built-in>' in [service]");
    }

    @Test
    void aServiceNameThatCannotBeAFileOrUrlIsRefused() throws Exception {
        write("etc/monitor.conf", "[monitor]\n");
        write("etc/monitor-promise/my service.cfg", "[service]\n");

        assertThat(InstanceConfig.load(instance).broken().get("my service")).extracting(ConfigProblem::message)
                .containsExactly("service name 'my service' is not allowed; allowed: letters, digits, '.', '_' and"
                        + " '-', starting with a letter or digit");
    }

    @Test
    void zeroTimeoutAndBadOutputModeAreRefused() throws Exception {
        write("etc/monitor.conf", "[monitor]\n");
        write("etc/monitor-promise/x.cfg", "[service]\ntimeout = 0s\noutput = xml\n");

        assertThat(InstanceConfig.load(instance).broken().get("x")).extracting(ConfigProblem::message)
                .containsExactly("timeout '0s' is not allowed; allowed: a duration above zero, such as 20s",
                        "output 'xml' is not allowed; allowed: auto, json or nagios");
    }
}
