package io.promisemonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.core.config.PromiseRegistry;
import io.promisemonitor.core.testing.TestInstance;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckCommandTest {

    @TempDir
    Path dir;

    private static CliTest.Run monitor(String... args) {
        return CliTest.monitor(args);
    }

    @Test
    void aBuiltInPrintsItsStatusJsonAndExitsWithTheNagiosCode() {
        CliTest.Run ok = monitor("check", "dummy");
        CliTest.Run warns = monitor("check", "dummy", "--status", "warning", "--message", "half \"full\"");
        CliTest.Run fails = monitor("check", "dummy", "--status=error");

        assertThat(ok.out()).isEqualTo("{\"status\": \"OK\", \"message\": \"dummy says OK\", \"perfdata\": []}\n");
        assertThat(ok.code()).isZero();
        assertThat(warns.out()).isEqualTo("{\"status\": \"WARNING\", \"message\": \"half \\\"full\\\"\", \"perfdata\":"
                + " []}\n");
        assertThat(warns.code()).isEqualTo(1);
        assertThat(fails.code()).isEqualTo(2);
    }

    @Test
    void repeatedOptionsMakeAListAndPerfdataIsPrinted() throws Exception {
        Files.createDirectories(dir.resolve("a"));
        Files.createDirectories(dir.resolve("b"));

        CliTest.Run run = monitor("check", "--instance", dir.toString(), "disk-space", "--path", "a", "--path", "b",
                "--warning", "0%", "--critical", "0%", "--inodes", "no");

        assertThat(run.code()).isZero();
        assertThat(run.out()).startsWith("{\"status\": \"OK\", \"message\": \"")
                .contains("a: ").contains("\\nb: ")
                .contains("{\"label\": \"a\", \"value\": ").contains("\"unit\": \"B\", \"warn\": \"0:\"");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void aBadOptionOrBuiltInIsUnknownWithTheMessage() {
        CliTest.Run scheme = monitor("check", "http", "--url", "ftp://example.com/");
        CliTest.Run typo = monitor("check", "disk-spac");
        CliTest.Run stray = monitor("check", "dummy", "warning");

        assertThat(scheme.code()).isEqualTo(3);
        assertThat(scheme.out()).isEqualTo("{\"status\": \"UNKNOWN\", \"message\": \"monitor check http: option 'url'"
                + " is 'ftp://example.com/', allowed: an http:// or https:// URL with a host, such as"
                + " https://example.com/health\", \"perfdata\": []}\n");
        assertThat(typo.code()).isEqualTo(3);
        assertThat(typo.out()).startsWith("{\"status\": \"UNKNOWN\", \"message\": \"monitor check disk-spac: unknown"
                + " built-in promise 'disk-spac'; did you mean 'disk-space'?; known: ");
        assertThat(stray.out()).isEqualTo("{\"status\": \"UNKNOWN\", \"message\": \"monitor check dummy: unexpected"
                + " 'warning'; allowed: options as --name value (see monitor check --list)\", \"perfdata\": []}\n");
    }

    @Test
    void theLogParserKeepsItsStateAndReportUnderTheInstance() throws Exception {
        TestInstance instance = TestInstance.create(dir);
        instance.write("var/log/app.log", "ERROR one\nINFO\n");
        String root = instance.root().toString();

        CliTest.Run first = monitor("check", "--instance", root, "--service", "app-errors", "log-parser", "--file",
                "var/log/app.log", "--pattern", "ERROR");
        CliTest.Run second = monitor("check", "--instance", root, "--service", "app-errors", "log-parser", "--file",
                "var/log/app.log", "--pattern", "ERROR");

        assertThat(first.code()).isEqualTo(2);
        assertThat(first.out()).startsWith("{\"status\": \"ERROR\", \"message\": \"1 new matching line in"
                + " var/log/app.log; last: ERROR one\"");
        assertThat(second.code()).isZero();
        assertThat(second.out()).startsWith("{\"status\": \"OK\", \"message\": \"no new matching line in"
                + " var/log/app.log\"");
        assertThat(instance.monitor().stateFolder("promise").resolve("app-errors/log-parser.properties")).exists();
        assertThat(instance.root().resolve("var/log/app-errors-last-report.csv")).exists();
    }

    @Test
    void listAndHelpShowEveryBuiltInWithItsOptions() {
        for (String flag : new String[] {"--list", "--help"}) {
            CliTest.Run run = monitor("check", flag);

            assertThat(run.code()).isZero();
            assertThat(run.out()).contains("Example:").contains("monitor check disk-space --path / --path /srv"
                    + " --warning 10% --critical 5%");
            PromiseRegistry.fromClassPath().providers().forEach((name, provider) -> {
                assertThat(run.out()).contains("\n" + name + ": " + provider.description() + "\n");
                provider.options().forEach(option -> assertThat(run.out())
                        .containsPattern("\n  --" + Pattern.quote(option) + "[ \n]"));
            });
            assertThat(run.out()).contains("  --warning                Minimum free space, else WARNING: a percent, a"
                    + " size or both (10%,5GiB: WARNING when below both) (default: 10%)\n");
        }
    }

    @Test
    void helpAfterANameShowsThatBuiltInsOptions() {
        CliTest.Run run = monitor("check", "tcp", "--help");

        assertThat(run.code()).isZero();
        assertThat(run.out()).startsWith("tcp: connects to a TCP port, optionally expecting a banner\n  --host ")
                .doesNotContain("disk-space");
    }

    @Test
    void withoutANameTheListIsPrintedAndTheExitIsUnknown() {
        CliTest.Run run = monitor("check");

        assertThat(run.code()).isEqualTo(3);
        assertThat(run.out()).contains("log-parser: ");
    }

    @Test
    void aCheckOverrunningItsTimeoutIsAnErrorAndABadTimeoutIsUnknown() throws Exception {
        // Connections complete in the kernel's backlog, but nothing is ever said: the banner never comes.
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            CliTest.Run run = monitor("check", "--timeout", "1s", "tcp", "--host", "127.0.0.1", "--port",
                    Integer.toString(silent.getLocalPort()), "--banner", "SSH-", "--timeout", "30s");

            assertThat(run.code()).isEqualTo(2);
            assertThat(run.out()).isEqualTo("{\"status\": \"ERROR\", \"message\": \"Promise timed out after 1"
                    + " seconds\", \"perfdata\": []}\n");
        }
        CliTest.Run zero = monitor("check", "--timeout", "0ms", "dummy");

        assertThat(zero.code()).isEqualTo(3);
        assertThat(zero.out()).isEqualTo("{\"status\": \"UNKNOWN\", \"message\": \"monitor check: --timeout is"
                + " '0ms', allowed: a duration from 1ms to 1d, such as 20s\", \"perfdata\": []}\n");
    }

    @Test
    void aTimeoutOverADayIsRefusedWithTheAllowedRange() {
        CliTest.Run run = monitor("check", "--timeout", "999999999d", "dummy");

        assertThat(run.code()).isEqualTo(3);
        assertThat(run.out()).isEqualTo("{\"status\": \"UNKNOWN\", \"message\": \"monitor check: --timeout is"
                + " '999999999d', allowed: a duration from 1ms to 1d, such as 20s\", \"perfdata\": []}\n");
    }
}
