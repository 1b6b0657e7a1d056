package io.promisemonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.core.testing.TestInstance;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {

    @TempDir
    Path dir;

    /** Exit code, standard output and standard error of one {@code monitor} command line. */
    record Run(int code, String out, String err) {
    }

    static Run monitor(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void validateListsEveryProblemWithFileLineAndWhatIsAllowed() {
        TestInstance instance = TestInstance.create(dir);
        instance.service("a", "frequency = */61 * * * *", "timout = 5s");
        instance.service("b", "promise = dumy");
        instance.service("c");
        Path folder = instance.promiseFolder();

        Run run = monitor("validate", "--instance", instance.root().toString());

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out()).isEqualTo(String.join("\n",
                folder.resolve("a.cfg") + " line 2: frequency '*/61 * * * *': minute must be 0-59 (step 61)",
                folder.resolve("a.cfg") + " line 3: unknown key 'timout' in [service]; did you mean 'timeout'?",
                folder.resolve("b.cfg") + ": [promise] unknown built-in promise 'dumy'; did you mean 'dummy'?; known: "
                        + String.join(", ", io.promisemonitor.core.promise.PromiseRegistry.fromClassPath().providers()
                                .keySet()),
                folder.resolve("c.cfg") + ": the promise " + folder.resolve("c") + " does not exist; allowed: an"
                        + " executable beside the .cfg, or 'command =' or 'promise =' in [service]",
                "4 problems found", ""));
        assertThat(run.err()).isEmpty();
    }

    @Test
    void validateOfACleanInstanceSaysSoAndExitsZero() {
        TestInstance instance = TestInstance.create(dir);
        instance.service("fine", "promise = dummy");

        Run run = monitor("validate", "--instance", instance.root().toString());

        assertThat(run.out()).isEqualTo("OK: " + instance.root().resolve("etc/monitor.conf") + " and 1 service read"
                + " without a problem\n");
        assertThat(run.code()).isZero();
    }

    @Test
    void validateReportsALinkNameThatClashesWithAService() {
        TestInstance instance = TestInstance.create(dir, "public-path-list = $instance/var/web");
        instance.service("web", "promise = dummy");

        Run run = monitor("validate", "--instance", instance.root().toString());

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out()).startsWith(instance.root().resolve("etc/monitor.conf") + ": ").contains("web");
    }

    @Test
    void aMissingMonitorConfIsOneLineWithoutAStackTrace() {
        Run run = monitor("status", "--instance", dir.toString());

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).isEqualTo(dir.resolve("etc/monitor.conf") + ": file does not exist; an instance needs"
                + " etc/monitor.conf with a [monitor] section (give the instance with --instance DIR)\n");
    }

    @Test
    void runPromiseExitsWithTheNagiosCodeOfTheStatus() {
        TestInstance instance = TestInstance.create(dir);
        instance.service("warns", "promise = dummy", "[promise]", "status = warning", "message = almost full");
        instance.service("fails");
        instance.script("fails", "echo '{\"message\": \"backup too old\"}'; exit 1");

        Run warns = monitor("run-promise", "--instance", instance.root().toString(), "warns");
        Run fails = monitor("run-promise", "--instance", instance.root().toString(), "fails");

        assertThat(warns.code()).isEqualTo(1);
        assertThat(warns.out()).startsWith("warns: WARNING: almost full\n");
        assertThat(fails.code()).isEqualTo(2);
        assertThat(fails.out()).startsWith("fails: ERROR: backup too old\n");
        assertThat(instance.statusFile("fails")).exists();
    }

    @Test
    void runPromiseWhileAnotherRunHoldsTheLockSaysSinceWhenAndExitsFour() throws Exception {
        TestInstance instance = TestInstance.create(dir);
        instance.service("busy", "promise = dummy");
        java.time.Clock clock = java.time.Clock.fixed(java.time.Instant.parse("2026-11-21T10:00:00Z"),
                java.time.ZoneOffset.UTC);
        Path pids = instance.monitor().servicePidFolder();
        Files.createDirectories(pids);

        var held = io.promisemonitor.core.run.ServiceLock.tryAcquire(pids,
                io.promisemonitor.core.executor.ServiceRunner.lockFolder(instance.monitor()), "busy", clock).orElseThrow();
        Run run;
        try {
            run = monitor("run-promise", "--instance", instance.root().toString(), "busy");
        } finally {
            held.close();
        }

        assertThat(run.code()).isEqualTo(RunPromiseCommand.LOCK_HELD);
        assertThat(run.err()).isEqualTo("busy: not run, already running since 2026-11-21T10:00Z (pid "
                + ProcessHandle.current().pid() + ")\n");
        assertThat(instance.statusFile("busy")).doesNotExist();
    }

    @Test
    void aFolderThatCannotBeCreatedIsNamedWithItsKey() throws Exception {
        TestInstance instance = TestInstance.create(dir, "public-folder = $instance/blocker/public");
        instance.service("x", "promise = dummy");
        Files.writeString(instance.root().resolve("blocker"), "a file where a folder should be");

        Run run = monitor("run-promise", "--instance", instance.root().toString(), "x");

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).isEqualTo(instance.root().resolve("etc/monitor.conf") + ": public-folder "
                + instance.root().resolve("blocker/public") + " cannot be created: "
                + instance.root().resolve("blocker") + " is a file, not a folder\n");
    }

    @Test
    void runPromiseOfAnUnknownServiceSaysWhichFileIsMissing() {
        TestInstance instance = TestInstance.create(dir);

        Run run = monitor("run-promise", "--instance", instance.root().toString(), "ghost");

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("unknown service 'ghost': there is no "
                + instance.promiseFolder().resolve("ghost.cfg") + "\n");
    }

    @Test
    void statusPrintsBadOnesFirstAndExitsOneWhenAnyIsBad() {
        TestInstance instance = TestInstance.create(dir);
        instance.service("good", "promise = dummy");
        instance.service("bad", "promise = dummy", "[promise]", "status = error", "message = broken pipe");
        instance.service("pending", "promise = dummy");
        monitor("run-promise", "--instance", instance.root().toString(), "good");
        monitor("run-promise", "--instance", instance.root().toString(), "bad");

        Run run = monitor("status", "--instance", instance.root().toString(), "--color", "never");

        String[] lines = run.out().split("\n");
        assertThat(lines[0]).startsWith("SERVICE  STATUS ");
        assertThat(lines[1]).startsWith("bad ").contains("ERROR").endsWith("broken pipe");
        assertThat(lines[2]).startsWith("pending ").contains("PENDING").endsWith("no result yet");
        assertThat(lines[3]).startsWith("good ").contains("OK");
        assertThat(run.code()).isEqualTo(1);
    }

    @Test
    void crontabPrintsOneShortLinePerServiceWithPercentEscaped() {
        TestInstance instance = TestInstance.create(dir);
        instance.service("every5", "frequency = */5 * * * *", "promise = dummy");
        instance.service("hourly", "frequency = @hourly", "promise = dummy");

        Run run = monitor("crontab", "--instance", instance.root().toString(), "--monitor", "/opt/m/bin/monitor");

        assertThat(run.code()).isZero();
        assertThat(run.out().split("\n")).containsExactly(
                "# Promise Monitor for " + instance.root() + " (monitor crontab)",
                "*/5 * * * * /opt/m/bin/monitor --instance " + instance.root() + " run-promise every5 >/dev/null 2>&1",
                "@hourly /opt/m/bin/monitor --instance " + instance.root() + " run-promise hourly >/dev/null 2>&1");
        assertThat(run.out().lines()).allMatch(l -> l.length() < CrontabCommand.CRON_LINE_LIMIT);
    }

    @Test
    void everySubcommandHasHelpWithAnExample() {
        for (String sub : new String[] {"demo", "up", "executor", "run-promise", "status", "validate", "crontab"}) {
            Run run = monitor(sub, "--help");
            assertThat(run.code()).as(sub).isZero();
            assertThat(run.out()).as(sub).contains("Example:").contains("monitor");
        }
    }

    @Test
    void demoPrepareOnlyCopiesTheExampleAndMakesAPasswordOnce() throws Exception {
        Path home = dir.resolve("checkout");
        TestInstance.create(home);
        Files.createDirectories(home.resolve("etc/monitor-promise"));
        Files.writeString(home.resolve("etc/monitor-promise/x.cfg"), "[service]\npromise = dummy\n");

        Run first = monitor("demo", "--home", home.toString(), "--prepare-only");
        Run second = monitor("demo", "--home", home.toString(), "--prepare-only");

        Path demo = home.resolve("var/demo");
        assertThat(first.code()).isZero();
        assertThat(demo.resolve("etc/monitor-promise/x.cfg")).exists();
        String password = Files.readString(demo.resolve("etc/demo-password")).strip();
        assertThat(password).hasSize(16);
        assertThat(first.out()).contains("admin / " + password);
        assertThat(second.out()).contains("admin / " + password);
        assertThat(Files.readString(demo.resolve("etc/monitor.htpasswd"))).startsWith("admin:$2y$10$");
    }
}
