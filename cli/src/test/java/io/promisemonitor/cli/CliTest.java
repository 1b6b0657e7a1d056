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
                        + String.join(", ", io.promisemonitor.core.config.PromiseRegistry.fromClassPath().providers()
                                .keySet()),
                folder.resolve("c.cfg") + ": the promise " + folder.resolve("c") + " does not exist; allowed: an"
                        + " executable beside the .cfg, or 'command =' or 'promise =' in [service]",
                "4 problems found", ""));
        assertThat(run.err()).isEmpty();
    }

    @Test
    void validateNamesOddFilesImpossibleSchedulesAndOverlongTimeoutsWithoutAStackTrace() throws Exception {
        TestInstance instance = TestInstance.create(dir);
        Path folder = instance.promiseFolder();
        instance.service("fine", "promise = dummy");
        instance.service("leap", "promise = dummy", "frequency = 0 0 30 2 *");
        instance.service("forever", "promise = dummy", "timeout = 999999999d");
        Files.write(folder.resolve("big.cfg"), new byte[20 << 20]);
        Files.createSymbolicLink(folder.resolve("gone.cfg"), dir.resolve("releases/41/gone.cfg"));
        Process mkfifo = new ProcessBuilder("mkfifo", folder.resolve("pipe.cfg").toString()).start();
        assertThat(mkfifo.waitFor()).isZero();
        Files.write(folder.resolve("wide.cfg"), "[service]\n".getBytes(java.nio.charset.StandardCharsets.UTF_16));

        Run run = monitor("validate", "--instance", instance.root().toString());

        assertThat(run.out()).isEqualTo(String.join("\n",
                folder.resolve("big.cfg") + ": file too large (20971520 bytes); allowed: at most 1 MiB (1048576"
                        + " bytes)",
                folder.resolve("forever.cfg") + " line 3: timeout '999999999d' is too long; allowed: from 1ms to 1d",
                folder.resolve("gone.cfg") + ": is a symbolic link to " + dir.resolve("releases/41/gone.cfg")
                        + ", which does not exist; allowed: a regular file, or a link to one",
                folder.resolve("leap.cfg") + " line 3: frequency '0 0 30 2 *' never fires: no date has that day of"
                        + " the month in that month (and day of the week); allowed: a date that exists, such as"
                        + " 0 0 28 2 *",
                folder.resolve("pipe.cfg") + ": is a FIFO (named pipe); allowed: a regular file",
                folder.resolve("wide.cfg") + " line 1: is UTF-16BE text (it starts with a UTF-16BE byte order mark);"
                        + " allowed: UTF-8 text (iconv -f UTF-16BE -t UTF-8 converts it)",
                "6 problems found", ""));
        assertThat(run.code()).isEqualTo(1);
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
    void aLayoutThatServesASecretIsRefusedByValidateUpExecutorAndServe() {
        TestInstance instance = TestInstance.create(dir, "title = x", "web-folder = $instance");
        String problem = instance.root().resolve("etc/monitor.conf") + " line 3: web-folder " + instance.root()
                + " is the instance root: the configuration and the password hashes would be served at / without a"
                + " login; allowed: a folder of its own that holds none of these, such as $instance/srv/monitor/web";

        Run validate = monitor("validate", "--instance", instance.root().toString());
        assertThat(validate.code()).isEqualTo(1);
        assertThat(validate.out()).isEqualTo(problem + "\n1 problem found\n");
        for (String command : new String[] {"up", "executor", "serve"}) {
            Run run = monitor(command, "--instance", instance.root().toString());
            assertThat(run.code()).as(command).isEqualTo(2);
            assertThat(run.err()).as(command).isEqualTo(problem + "\n");
        }
        assertThat(instance.root().resolve("var")).doesNotExist();
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
                + instance.promiseFolder().resolve("ghost.cfg") + " nor an executable ghost in ["
                + instance.promiseFolder() + "]\n");
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
    void everySubcommandHasHelpWithAnExample() {
        for (String sub : new String[] {"demo", "up", "executor", "run-promise", "run-due", "status", "validate",
            "crontab", "report"}) {
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
