package io.promisemonitor.promises.watchdog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promisemonitor.core.promise.PromiseResult;
import io.promisemonitor.core.promise.Status;
import io.promisemonitor.core.testing.Eventually;
import io.promisemonitor.core.testing.MutableClock;
import io.promisemonitor.core.testing.TestInstance;
import io.promisemonitor.promises.Options;
import io.promisemonitor.promises.Plugins;
import io.promisemonitor.promises.StandaloneContext;
import io.promisemonitor.promises.internal.Proc;
import io.promisemonitor.promises.internal.Signals;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The process watchdog on real child processes of this JVM, each with a command line no other process on the
 * machine has. Process ages and validation files are real; the promise's "now" is a settable clock set ahead of
 * the real time to age them without sleeping.
 */
class ProcessWatchdogPromiseTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Path PERL = Path.of("/usr/bin/perl");

    @TempDir
    Path dir;

    private final List<Process> children = new ArrayList<>();
    private final Map<String, List<String>> options = new LinkedHashMap<>();
    private MutableClock clock;
    private TestInstance instance;
    private final long id = ThreadLocalRandom.current().nextLong(100_000_000L, 999_999_999L);

    @BeforeEach
    void setUp() {
        clock = MutableClock.at(Instant.now(), ZoneOffset.UTC);
        instance = TestInstance.create(dir);
    }

    @AfterEach
    void tearDown() {
        children.forEach(Process::destroyForcibly);
    }

    private void set(String name, String... values) {
        options.put(name, List.of(values));
    }

    private Process start(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        children.add(p);
        Eventually.await("process " + List.of(argv) + " shows in /proc", WAIT,
                // until exec, the child shows the JVM's command line; a script shows as its interpreter's
                () -> Proc.read(p.pid()).filter(x -> x.commandLine().endsWith(argv[argv.length - 1])).isPresent());
        return p;
    }

    /** {@code sleep <unique number>}, matched by {@code ^sleep <number>$}. */
    private Process sleeper() throws Exception {
        return start("sleep", Long.toString(id));
    }

    private Process perl(String code) throws Exception {
        Plugins.require(PERL, "perl-base");
        return start(PERL.toString(), "-e", code, "watchdog-test-" + id);
    }

    /** Bit 15 (SIGTERM) of the process's ignored-signal mask, {@code SigIgn} in {@code /proc/<pid>/status}. */
    private static boolean ignoresSigterm(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("SigIgn:")) {
                    return (Long.parseUnsignedLong(line.substring(7).strip(), 16) & (1L << 14)) != 0;
                }
            }
        } catch (java.io.IOException e) {
            return false;
        }
        return false;
    }

    private PromiseResult check() throws Exception {
        Options o = Options.of("wd.cfg [promise]");
        options.forEach((k, vs) -> vs.forEach(v -> o.add(k, v)));
        return new ProcessWatchdogPromise().create(o.build()).check(new StandaloneContext("watchdog",
                instance.root(), instance.root().resolve("state/watchdog"), clock));
    }

    private static long startTicks(Process p) {
        return Proc.read(p.pid()).orElseThrow().startTicks();
    }

    private List<String> actions() throws Exception {
        Path inbox = instance.monitor().stateFolder("history").resolve("actions");
        List<String> out = new ArrayList<>();
        if (Files.isDirectory(inbox)) {
            try (DirectoryStream<Path> d = Files.newDirectoryStream(inbox, "*.json")) {
                for (Path f : d) {
                    out.add(Files.readString(f));
                }
            }
        }
        return out;
    }

    @Test
    void aSleepThatNeverValidatesIsReportedOnceItsFirstValidationIsDue() throws Exception {
        Process sleep = sleeper();
        set("cmdline", "^sleep " + id + "$");
        set("validation-folder", "validated");
        set("validation-interval", "60s");

        PromiseResult young = check();
        clock.advance(Duration.ofSeconds(120));
        PromiseResult overdue = check();

        assertThat(young).isEqualTo(PromiseResult.ok("1 matching process within limits")
                .withPerfdata(young.perfdata()));
        assertThat(overdue.status()).isEqualTo(Status.ERROR);
        assertThat(overdue.message()).matches("1 of 1 matching processes over a limit: pid " + sleep.pid()
                + " \\(sleep " + id + "\\): never validated, (1m 5\\ds|2m|2m [0-9]s) after its start"
                + " \\(validation-interval 1m\\)");
        assertThat(sleep.isAlive()).isTrue();
    }

    @Test
    void aProcessThatValidatesIsWithinLimitsWhileAStaleOrAnotherStartTimesFileIsNot() throws Exception {
        Process sleep = sleeper();
        set("cmdline", "^sleep " + id + "$");
        set("validation-folder", "validated");
        set("validation-interval", "60s");
        clock.advance(Duration.ofMinutes(10));
        Path file = instance.write("validated/" + sleep.pid() + "-" + startTicks(sleep), "");
        Files.setLastModifiedTime(file, FileTime.from(clock.instant().minusSeconds(10)));

        PromiseResult validated = check();
        Files.setLastModifiedTime(file, FileTime.from(clock.instant().minusSeconds(100)));
        PromiseResult stale = check();
        Files.delete(file);
        // the same PID with another start time: a validation of an earlier process that had this PID
        Path foreign = instance.write("validated/" + sleep.pid() + "-" + (startTicks(sleep) - 1), "");
        Files.setLastModifiedTime(foreign, FileTime.from(clock.instant()));
        PromiseResult reused = check();

        assertThat(validated.status()).isEqualTo(Status.OK);
        assertThat(validated.message()).isEqualTo("1 matching process within limits");
        assertThat(stale.message()).endsWith(": last validated 1m 40s ago (validation-interval 1m)");
        assertThat(reused.message()).contains(": never validated, ");
    }

    @Test
    void aMemoryHogOverItsLimitIsReportedThenTerminatedAndNothingUnmatchedIsTouched() throws Exception {
        Process hog = perl("$x = 'a' x 50_000_000; sleep 600");
        Process bystander = sleeper();
        Eventually.await("the hog has allocated", WAIT,
                () -> Proc.read(hog.pid()).orElseThrow().rssBytes().orElse(0) > 40L << 20);
        set("cmdline", "watchdog-test-" + id + "$");
        set("max-rss", "20MiB");

        PromiseResult reported = check();
        set("action", "terminate");
        set("grace", "5s");
        PromiseResult terminated = check();

        String who = "pid " + hog.pid() + " \\(" + Pattern.quote(PERL + " -e $x = 'a' x 50_000_000; sleep 600"
                + " watchdog-test-" + id) + "\\)";
        assertThat(reported.status()).isEqualTo(Status.ERROR);
        assertThat(reported.message()).matches("1 of 1 matching processes over a limit: " + who + ": RSS \\d+\\.\\d"
                + " MiB above max-rss 20\\.0 MiB");
        assertThat(terminated.status()).isEqualTo(Status.WARNING);
        assertThat(terminated.message()).matches("1 of 1 matching processes over a limit: " + who + " terminated by"
                + " SIGTERM \\(RSS \\d+\\.\\d MiB above max-rss 20\\.0 MiB\\)");
        assertThat(hog.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(bystander.isAlive()).isTrue();
        assertThat(actions()).hasSize(1);
        assertThat(actions().get(0)).startsWith("{\"service\": \"watchdog\", \"message\": \"pid " + hog.pid()
                + " (" + PERL + " -e $x = 'a' x 50_000_000; sleep 600 watchdog-test-" + id + ") terminated by SIGTERM"
                + " (RSS ");
    }

    @Test
    void aProcessThatIgnoresSigtermIsKilledAfterTheGrace() throws Exception {
        Process stubborn = perl("$SIG{TERM} = 'IGNORE'; sleep 600");
        // exec is not enough: a SIGTERM sent before perl ran its first statement ends it
        Eventually.await("perl ignores SIGTERM", WAIT, () -> ignoresSigterm(stubborn.pid()));
        set("cmdline", "watchdog-test-" + id + "$");
        set("validation-folder", "validated");
        set("validation-interval", "1s");
        set("action", "terminate");
        set("grace", "1s");
        clock.advance(Duration.ofMinutes(1));

        PromiseResult result = check();

        assertThat(result.status()).isEqualTo(Status.WARNING);
        assertThat(result.message()).contains(") killed with SIGKILL, still running 1s after SIGTERM (never"
                + " validated, ");
        assertThat(stubborn.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(stubborn.exitValue()).isEqualTo(128 + 9);
    }

    @Test
    void cpuTimeAboveItsLimitIsReported() throws Exception {
        Process busy = perl("1 while (times)[0] < 0.3; sleep 600");
        Eventually.await("the busy loop has used its CPU time", WAIT,
                () -> Proc.read(busy.pid()).orElseThrow().cpuTime().toMillis() >= 300);
        set("cmdline", "watchdog-test-" + id + "$");
        set("max-cpu-time", "200ms");

        PromiseResult result = check();

        assertThat(result.message()).matches("1 of 1 matching processes over a limit: pid " + busy.pid() + " .*: CPU"
                + " time \\d+ms above max-cpu-time 200ms");
    }

    @Test
    void aProcessIsFoundByItsNameAsTheKernelKnowsIt() throws Exception {
        Path script = dir.resolve("wd" + id);
        Files.writeString(script, "#!/bin/sh\nwhile :; do sleep 1; done\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Process named = start(script.toString());
        set("name", "wd" + id);
        set("max-rss", "1B");

        PromiseResult result = check();

        assertThat(result.message()).startsWith("1 of 1 matching processes over a limit: pid " + named.pid() + " (");
    }

    @Test
    void pid1TheMonitorItselfAndItsParentAreNeverMatchedNorSignalled() throws Exception {
        List<String> quoted = new ArrayList<>();
        ProcessHandle self = ProcessHandle.current();
        for (long pid : new long[] {1, self.pid(), self.parent().orElseThrow().pid()}) {
            Proc.read(pid).filter(p -> !p.argv().isEmpty())
                    .ifPresent(p -> quoted.add("^" + Pattern.quote(p.commandLine()) + "$"));
        }
        assertThat(quoted).hasSizeGreaterThanOrEqualTo(2);
        options.put("cmdline", quoted);
        set("max-rss", "1B");
        set("action", "report");

        PromiseResult result = check();

        assertThat(result.message()).doesNotContain("pid 1 (", "pid " + self.pid() + " (",
                "pid " + self.parent().orElseThrow().pid() + " (");
        Proc me = Proc.read(self.pid()).orElseThrow();
        assertThat(Terminator.refusal(me)).contains("not touched: PID 1, the monitor and its parent never are");
        assertThatThrownBy(() -> Signals.send(1, "TERM")).hasMessage("refusing to signal pid 1: never PID 1, the"
                + " monitor itself or its parent");
        assertThatThrownBy(() -> Signals.send(self.pid(), "SEGV")).hasMessageStartingWith("refusing to signal pid ");
    }

    @Test
    void aPidNowHeldByAProcessWithAnotherStartTimeIsNotSignalled() throws Exception {
        Process sleep = sleeper();
        Proc now = Proc.read(sleep.pid()).orElseThrow();
        Proc earlier = new Proc(now.pid(), now.comm(), now.state(), now.ppid(), 0, 0, now.startTicks() - 1,
                now.argv());

        List<String> outcomes = Terminator.terminate(List.of(new ProcessWatchdogPromise.Offender(earlier,
                "RSS too big")), Duration.ofSeconds(1));

        assertThat(outcomes).containsExactly("not touched: its PID now belongs to another process (start time "
                + now.startTicks() + ", not " + (now.startTicks() - 1) + ")");
        assertThat(sleep.isAlive()).isTrue();
    }

    @Test
    void badOptionsSayWhatIsAllowed() {
        assertThatThrownBy(this::check).hasMessage("wd.cfg [promise]: option 'name' or 'cmdline' is required;"
                + " allowed: process names, or Java regexes of command lines");
        set("name", "firefox");
        assertThatThrownBy(this::check).hasMessage("wd.cfg [promise]: no limit set; allowed: max-rss, max-cpu-time"
                + " or validation-folder, one or more");
        set("max-rss", "1.2 gigs");
        assertThatThrownBy(this::check).hasMessage("wd.cfg [promise]: option 'max-rss' is '1.2 gigs', allowed: a"
                + " size such as 1200MiB or 2GiB");
        set("max-rss", "1200MiB");
        set("action", "kill");
        assertThatThrownBy(this::check).hasMessage("wd.cfg [promise]: option 'action' is 'kill', allowed: report or"
                + " terminate");
    }
}
