package io.promisemonitor.core.run;

import static io.promisemonitor.core.run.Scripts.bash;
import static io.promisemonitor.core.run.Scripts.eventually;
import static io.promisemonitor.core.run.Scripts.pidIn;
import static io.promisemonitor.core.run.Scripts.running;
import static io.promisemonitor.core.run.Scripts.script;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessRunnerTest {

    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
    static final Duration MINUTE = Duration.ofMinutes(1);

    @TempDir
    Path dir;

    final ProcessRunner runner = configure(ProcessRunner.create(Clock.fixed(T0, ZoneOffset.UTC)));

    /** The way programs are started: posix_spawn here, ProcessBuilder and setsid in the subclass. */
    ProcessRunner configure(ProcessRunner created) {
        return created;
    }

    /** The way this suite starts programs, as {@link Spawner#toString()} names it. */
    String way() {
        return "posix_spawn";
    }

    @Test
    void programsStartTheWayThisSuiteSays() {
        assertThat(runner.spawner()).hasToString(way());
    }

    private ProcessOutcome run(Path program, Duration timeout) {
        return runner.run(List.of(program.toString()), Map.of(), dir, timeout);
    }

    @Test
    void exitCodeStdoutAndStderrAreCapturedSeparately() {
        Path p = bash(dir, "p", "echo out; echo err >&2; exit 3");

        ProcessOutcome outcome = run(p, MINUTE);

        assertThat(outcome.exitCode()).isEqualTo(3);
        assertThat(new String(outcome.stdout(), UTF_8)).isEqualTo("out\n");
        assertThat(new String(outcome.stderr(), UTF_8)).isEqualTo("err\n");
        assertThat(outcome.timedOut()).isFalse();
        assertThat(outcome.signal()).isEmpty();
        assertThat(outcome.startFailure()).isEmpty();
        assertThat(outcome.stdoutTruncated()).isFalse();
        assertThat(outcome.stderrTruncated()).isFalse();
        assertThat(outcome.program()).isEqualTo(p.toString());
    }

    @Test
    void startTimeComesFromTheClockAndElapsedIsMeasured() {
        Path p = bash(dir, "p", "sleep 0.2");

        ProcessOutcome outcome = run(p, MINUTE);

        assertThat(outcome.start()).isEqualTo(T0);
        assertThat(outcome.elapsed()).isBetween(Duration.ofMillis(200), Duration.ofSeconds(10));
    }

    @Test
    void argumentsEnvironmentAndWorkingDirectoryReachTheProgram() throws IOException {
        Path p = bash(dir, "p", "echo \"$1|$2|$MONITOR_SERVICE|$(pwd)|${PATH:+has path}\"");
        Path work = Files.createDirectory(dir.resolve("work"));

        ProcessOutcome outcome = runner.run(List.of(p.toString(), "a b", "c"), Map.of("MONITOR_SERVICE", "disk"),
                work, MINUTE);

        assertThat(new String(outcome.stdout(), UTF_8)).isEqualTo("a b|c|disk|" + work.toRealPath() + "|has path\n");
    }

    @Test
    void stdinIsEmptySoAProgramReadingItDoesNotHang() {
        Path p = bash(dir, "p", "cat; echo read-all");

        ProcessOutcome outcome = run(p, Duration.ofSeconds(20));

        assertThat(outcome.timedOut()).isFalse();
        assertThat(new String(outcome.stdout(), UTF_8)).isEqualTo("read-all\n");
    }

    @Test
    void theProgramLeadsItsOwnSessionAndGroupWithoutAnExtraFork() {
        // fields 5 and 6 of /proc/<pid>/stat are the process group and the session
        Path p = bash(dir, "p", "read -r -a f < <(sed 's/.*) //' /proc/$$/stat); echo \"$$ ${f[2]} ${f[3]}\"");

        ProcessOutcome outcome = run(p, MINUTE);

        long pid = outcome.pid().orElseThrow();
        assertThat(new String(outcome.stdout(), UTF_8)).isEqualTo(pid + " " + pid + " " + pid + "\n");
    }

    @Test
    void theProgramSeesOnlyStdinStdoutAndStderrOfTheJvmsDescriptors() throws IOException {
        // a descriptor the JVM opened without close-on-exec, as Java opens files: it must not reach the promise
        try (FileInputStream held = new FileInputStream(bash(dir, "held", "true").toFile())) {
            ProcessOutcome outcome = runner.run(List.of("/bin/ls", "/proc/self/fd"), Map.of(), dir, MINUTE);

            // 3 is ls's own handle on the folder it lists
            assertThat(new String(outcome.stdout(), UTF_8)).isEqualTo("0\n1\n2\n3\n");
            assertThat(held.getFD().valid()).isTrue();
        }
    }

    @Test
    void theProgramStartsWithNoSignalBlockedOrIgnored() {
        ProcessOutcome outcome = runner.run(List.of("/bin/grep", "-E", "^Sig(Blk|Ign)", "/proc/self/status"),
                Map.of(), dir, MINUTE);

        assertThat(signals(outcome, "SigBlk")).isZero();
        assertThat(signals(outcome, "SigIgn")).isZero();
    }

    /**
     * The standard signals 1-31 of a /proc/pid/status mask; glibc keeps its internal real-time signals (32, 33)
     * ignored in every child it starts.
     */
    static long signals(ProcessOutcome outcome, String mask) {
        for (String line : new String(outcome.stdout(), UTF_8).split("\n")) {
            if (line.startsWith(mask + ":")) {
                return Long.parseLong(line.substring(mask.length() + 1).strip(), 16) & 0x7fff_ffffL;
            }
        }
        throw new AssertionError(mask + " not in " + new String(outcome.stdout(), UTF_8));
    }

    @Test
    void aProgramFoundInPathIsRunWithItsArguments() {
        ProcessOutcome outcome = runner.run(List.of("printf", "%s|%s", "a b", "c"), Map.of(), dir, MINUTE);

        assertThat(outcome.startFailure()).isEmpty();
        assertThat(new String(outcome.stdout(), UTF_8)).isEqualTo("a b|c");
    }

    @Test
    void thePathOfTheRunsEnvironmentIsSearched() throws IOException {
        Path bin = Files.createDirectory(dir.resolve("bin"));
        bash(bin, "only-here", "echo found");

        ProcessOutcome outcome = runner.run(List.of("only-here"), Map.of("PATH", bin + ":/usr/bin:/bin"), dir,
                MINUTE);

        assertThat(outcome.startFailure()).isEmpty();
        assertThat(new String(outcome.stdout(), UTF_8)).isEqualTo("found\n");
    }

    @Test
    void aHangingProgramIsKilledAtItsTimeout() {
        Path p = bash(dir, "p", "echo started; sleep 300");

        ProcessOutcome outcome = run(p, Duration.ofMillis(500));

        assertThat(outcome.timedOut()).isTrue();
        assertThat(outcome.signal()).hasValue(9);
        assertThat(outcome.exitCode()).isEqualTo(137);
        assertThat(new String(outcome.stdout(), UTF_8)).isEqualTo("started\n");
        assertThat(outcome.elapsed()).isBetween(Duration.ofMillis(500), Duration.ofSeconds(5));
    }

    @Test
    void aGrandchildThatDoubleForkedDiesWithItsGroupOnTimeout() {
        Path pidFile = dir.resolve("grandchild.pid");
        Path p = bash(dir, "p", "( sleep 300 & echo $! > " + pidFile + " ) &\nwait\nsleep 300");
        long grandchild = 0;
        try {
            ProcessOutcome outcome = run(p, Duration.ofSeconds(1));
            grandchild = pidIn(pidFile);

            assertThat(outcome.timedOut()).isTrue();
            long g = grandchild;
            assertThat(eventually(Duration.ofSeconds(5), () -> !running(g)))
                    .as("grandchild %d still running", g).isTrue();
        } finally {
            Scripts.killQuietly(grandchild);
        }
    }

    @Test
    void aBackgroundChildHoldingStdoutDoesNotDelayTheEndAndIsKilled() {
        Path pidFile = dir.resolve("bg.pid");
        Path p = bash(dir, "p", "sleep 300 & echo $! > " + pidFile + "\necho done");
        long child = 0;
        try {
            ProcessOutcome outcome = run(p, MINUTE);
            child = pidIn(pidFile);

            assertThat(outcome.timedOut()).isFalse();
            assertThat(outcome.exitCode()).isZero();
            assertThat(new String(outcome.stdout(), UTF_8)).isEqualTo("done\n");
            assertThat(outcome.elapsed()).isLessThan(Duration.ofSeconds(5));
            long c = child;
            assertThat(eventually(Duration.ofSeconds(5), () -> !running(c))).as("child %d still running", c).isTrue();
        } finally {
            Scripts.killQuietly(child);
        }
    }

    @Test
    void aBackgroundChildWithItsOwnOutputIsKilledWhenTheProgramExits() {
        Path pidFile = dir.resolve("bg.pid");
        Path p = bash(dir, "p", "sleep 300 >/dev/null 2>&1 </dev/null & echo $! > " + pidFile);
        long child = 0;
        try {
            ProcessOutcome outcome = run(p, MINUTE);
            child = pidIn(pidFile);

            assertThat(outcome.exitCode()).isZero();
            long c = child;
            assertThat(eventually(Duration.ofSeconds(5), () -> !running(c))).as("child %d still running", c).isTrue();
        } finally {
            Scripts.killQuietly(child);
        }
    }

    @Test
    void aChildThatLeftTheSessionButHoldsStdoutIsKilledWhenTheProgramEnds() {
        Path pidFile = dir.resolve("escaped.pid");
        // the pause lets the reader block on the pipe, which the escaped child keeps open after the exit
        Path p = bash(dir, "p", "echo before\nsetsid sleep 30 & echo $! > " + pidFile + "\nsleep 0.3; echo after");
        long escaped = 0;
        try {
            ProcessOutcome outcome = run(p, MINUTE);
            escaped = pidIn(pidFile);

            assertThat(outcome.timedOut()).isFalse();
            assertThat(outcome.exitCode()).isZero();
            assertThat(new String(outcome.stdout(), UTF_8)).isEqualTo("before\nafter\n");
            long e = escaped;
            assertThat(eventually(Duration.ofSeconds(5), () -> !running(e))).as("escaped %d still running", e)
                    .isTrue();
        } finally {
            Scripts.killQuietly(escaped);
        }
    }

    /**
     * Grandchildren that leave the session with setsid and ignore SIGTERM and SIGHUP: one whose parent stays (the
     * promise), one whose parent exits at once (so it is an orphan long before the end), and a child of that one.
     * Each is marked in its command line by {@code marker}.
     */
    private static String escapers(String marker) {
        return "setsid bash -c 'trap \"\" TERM HUP; exec -a " + marker + "-a sleep 300' &\n"
                + "( setsid bash -c 'trap \"\" TERM HUP; (exec -a " + marker + "-c sleep 300) & exec -a " + marker
                + "-b sleep 300' & )\n"
                + "until [ \"$(pgrep -c -f " + marker + ")\" -ge 3 ]; do sleep 0.05; done\n"
                + "echo escaped\n";
    }

    @Test
    void setsidGrandchildrenIgnoringSigtermDieWithTheirPromiseOnTimeout() {
        String marker = "escaper-" + java.util.UUID.randomUUID();
        Path p = bash(dir, "p", escapers(marker) + "sleep 300");
        try {
            // long enough for the three to be up on a busy machine
            ProcessOutcome outcome = run(p, Duration.ofSeconds(5));

            assertThat(new String(outcome.stdout(), UTF_8)).isEqualTo("escaped\n");
            assertThat(outcome.timedOut()).isTrue();
            assertThat(eventually(Duration.ofSeconds(5), () -> Scripts.withMarker(marker).isEmpty()))
                    .as("survivors %s", Scripts.withMarker(marker)).isTrue();
        } finally {
            Scripts.killMarked(marker);
        }
    }

    @Test
    void setsidGrandchildrenIgnoringSigtermDieWhenTheirPromiseEndsNormally() {
        String marker = "escaper-" + java.util.UUID.randomUUID();
        Path p = bash(dir, "p", escapers(marker) + "exit 0");
        try {
            ProcessOutcome outcome = run(p, MINUTE);

            assertThat(outcome.timedOut()).isFalse();
            assertThat(outcome.exitCode()).isZero();
            assertThat(eventually(Duration.ofSeconds(5), () -> Scripts.withMarker(marker).isEmpty()))
                    .as("survivors %s", Scripts.withMarker(marker)).isTrue();
        } finally {
            Scripts.killMarked(marker);
        }
    }

    @Test
    void theOrphansOfARunAreReapedNotLeftAsZombies() {
        String marker = "escaper-" + java.util.UUID.randomUUID();
        Path p = bash(dir, "p", escapers(marker) + "exit 0");
        try {
            run(p, MINUTE);

            assertThat(eventually(Duration.ofSeconds(5), () -> zombieChildren().isEmpty()))
                    .as("zombie children %s", zombieChildren()).isTrue();
        } finally {
            Scripts.killMarked(marker);
        }
    }

    /**
     * Zombies whose parent is this JVM, outside its own session: orphans of runs (each run has a session of its own)
     * that it inherited and never reaped. Zombies in the JVM's session are left alone by design (reaping them could
     * steal a JDK Process's exit status), and other tests of this JVM may leave some there.
     */
    static List<Long> zombieChildren() {
        List<Long> zombies = new ArrayList<>();
        long self = ProcessHandle.current().pid();
        String ownSession;
        try {
            String own = Files.readString(Path.of("/proc/self/stat"));
            ownSession = own.substring(own.lastIndexOf(')') + 2).split(" ")[3];
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        ProcessHandle.allProcesses().forEach(h -> {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(h.pid()), "stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                if (f[0].equals("Z") && Long.parseLong(f[1]) == self && !f[3].equals(ownSession)) {
                    zombies.add(h.pid());
                }
            } catch (IOException | RuntimeException e) {
                // gone
            }
        });
        return zombies;
    }

    @Test
    void fiftyMegabytesOfOutputAreCappedAndDrainedQuickly() {
        Path p = bash(dir, "p", "head -c 52428800 /dev/zero | tr '\\0' x; echo end >&2");

        ProcessOutcome outcome = run(p, MINUTE);

        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.stdout()).hasSize(ProcessRunner.DEFAULT_OUTPUT_CAP);
        assertThat(outcome.stdoutTruncated()).isTrue();
        assertThat(new String(outcome.stderr(), UTF_8)).isEqualTo("end\n");
        assertThat(outcome.elapsed()).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void largeOutputOnBothStreamsAtOnceDoesNotDeadlock() {
        Path p = bash(dir, "p",
                "head -c 3000000 /dev/zero >&2; head -c 3000000 /dev/zero; head -c 3000000 /dev/zero >&2");

        ProcessOutcome outcome = runner.withOutputCap(1000).run(List.of(p.toString()), Map.of(), dir, MINUTE);

        assertThat(outcome.timedOut()).isFalse();
        assertThat(outcome.stdout()).hasSize(1000);
        assertThat(outcome.stderr()).hasSize(1000);
        assertThat(outcome.stdoutTruncated()).isTrue();
        assertThat(outcome.stderrTruncated()).isTrue();
    }

    @Test
    void outputOfExactlyTheCapIsNotTruncatedAndOneByteMoreIs() {
        Path exact = bash(dir, "exact", "printf 1234567890");
        Path more = bash(dir, "more", "printf 12345678901");
        ProcessRunner capped = runner.withOutputCap(10);

        ProcessOutcome atCap = capped.run(List.of(exact.toString()), Map.of(), dir, MINUTE);
        ProcessOutcome overCap = capped.run(List.of(more.toString()), Map.of(), dir, MINUTE);

        assertThat(new String(atCap.stdout(), UTF_8)).isEqualTo("1234567890");
        assertThat(atCap.stdoutTruncated()).isFalse();
        assertThat(new String(overCap.stdout(), UTF_8)).isEqualTo("1234567890");
        assertThat(overCap.stdoutTruncated()).isTrue();
    }

    @Test
    void aProgramKilledByASignalIsRecognisable() {
        Path p = bash(dir, "p", "kill -SEGV $$");

        ProcessOutcome outcome = run(p, MINUTE);

        assertThat(outcome.signal()).hasValue(11);
        assertThat(outcome.exitCode()).isEqualTo(139);
        assertThat(ProcessOutcome.signalName(11)).isEqualTo("SEGV");
        assertThat(outcome.timedOut()).isFalse();
    }

    @Test
    void aMissingProgramIsAStartFailure() {
        ProcessOutcome outcome = run(dir.resolve("nope"), MINUTE);

        assertThat(outcome.startFailure()).hasValue("promise " + dir.resolve("nope") + " does not exist");
        assertThat(outcome.exitCode()).isEqualTo(127);
        assertThat(outcome.pid()).isEmpty();
        assertThat(outcome.signal()).isEmpty();
        assertThat(outcome.start()).isEqualTo(T0);
    }

    @Test
    void aProgramThatIsNotExecutableIsAStartFailure() throws IOException {
        Path p = bash(dir, "p", "echo hi");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));

        ProcessOutcome outcome = run(p, MINUTE);

        assertThat(outcome.startFailure()).hasValue("promise " + p + " is not executable (chmod +x it)");
        assertThat(outcome.exitCode()).isEqualTo(126);
    }

    @Test
    void aDirectoryIsAStartFailure() throws IOException {
        Path d = Files.createDirectory(dir.resolve("d"));

        assertThat(run(d, MINUTE).startFailure()).hasValue("promise " + d + " is a directory, not a program");
    }

    @Test
    void aScriptWhoseInterpreterIsMissingIsAStartFailure() {
        Path p = script(dir, "p", "#!/no/such/interpreter -x\necho hi\n");

        ProcessOutcome outcome = run(p, MINUTE);

        assertThat(outcome.startFailure()).hasValue("promise " + p
                + " names interpreter /no/such/interpreter in its #! line, which does not exist");
        assertThat(outcome.exitCode()).isEqualTo(127);
    }

    @Test
    void anInterpreterRemovedAfterARunIsNamedAtTheNextRun() throws IOException {
        Path interpreter = dir.resolve("interp");
        Files.copy(Path.of("/bin/sh"), interpreter);
        Path p = script(dir, "p", "#!" + interpreter + "\necho hi\n");
        assertThat(new String(run(p, MINUTE).stdout(), UTF_8)).isEqualTo("hi\n");

        Files.delete(interpreter);
        ProcessOutcome outcome = run(p, MINUTE);

        assertThat(outcome.startFailure()).hasValue("promise " + p + " names interpreter " + interpreter
                + " in its #! line, which does not exist");
    }

    @Test
    void aScriptChangedAfterARunIsLookedAtAgain() throws IOException {
        Path p = script(dir, "p", "#!/bin/sh\necho hi\n");
        assertThat(run(p, MINUTE).exitCode()).isZero();

        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(run(p, MINUTE).startFailure()).hasValue("promise " + p + " is not executable (chmod +x it)");

        Files.write(p, new byte[] {'(', 0, 1, 2, ')', 0, '\n', 'x'});
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(run(p, MINUTE).startFailure()).hasValue("promise " + p + " cannot be executed: it is neither a"
                + " script starting with #! nor a program for this machine (exec format error)");
    }

    @Test
    void binaryJunkMarkedExecutableIsAnExecFormatError() throws IOException {
        Path p = dir.resolve("junk");
        Files.write(p, new byte[] {'(', 0, 1, 2, ')', 0, '\n', 'x'});
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));

        assertThat(run(p, MINUTE).startFailure()).hasValue("promise " + p + " cannot be executed: it is neither a"
                + " script starting with #! nor a program for this machine (exec format error)");
    }

    @Test
    void aProgramForAnotherMachineIsAnExecFormatError() throws IOException {
        byte[] elf = new byte[64];
        elf[0] = 0x7f;
        elf[1] = 'E';
        elf[2] = 'L';
        elf[3] = 'F';
        elf[4] = 2;
        elf[5] = 1;
        elf[18] = (byte) 0x99; // no real machine is 0x99 0x09
        elf[19] = 0x09;
        Path p = dir.resolve("elf");
        Files.write(p, elf);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));

        assertThat(run(p, MINUTE).startFailure()).hasValue("promise " + p
                + " cannot be executed: it is a program for another kind of machine (exec format error)");
    }

    @Test
    void aProgramNotFoundInPathIsAStartFailureReadFromSetsid() {
        ProcessOutcome outcome = runner.run(List.of("no-such-promise-program"), Map.of(), dir, MINUTE);

        assertThat(outcome.startFailure()).hasValue("promise no-such-promise-program does not exist in PATH");
        assertThat(outcome.exitCode()).isEqualTo(127);
    }

    @Test
    void aMissingWorkingDirectoryIsAStartFailure() {
        Path p = bash(dir, "p", "echo hi");

        ProcessOutcome outcome = runner.run(List.of(p.toString()), Map.of(), dir.resolve("gone"), MINUTE);

        assertThat(outcome.startFailure()).hasValue("working directory " + dir.resolve("gone") + " does not exist");
    }

    @Test
    void aTextScriptWithoutShebangIsRunByTheShell() {
        Path p = script(dir, "p", "echo plain\n");

        ProcessOutcome outcome = run(p, MINUTE);

        assertThat(outcome.startFailure()).isEmpty();
        assertThat(new String(outcome.stdout(), UTF_8)).isEqualTo("plain\n");
    }

    @Test
    void manyRunsFromAPoolKeepTheirOutputsApart() throws Exception {
        Path p = bash(dir, "p", "echo \"$N\"; echo \"e$N\" >&2; exit $((N % 4))");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<ProcessOutcome>> runs = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                Map<String, String> env = Map.of("N", Integer.toString(i));
                runs.add(pool.submit(() -> runner.run(List.of(p.toString()), env, dir, MINUTE)));
            }
            for (int i = 0; i < runs.size(); i++) {
                ProcessOutcome outcome = runs.get(i).get();
                assertThat(new String(outcome.stdout(), UTF_8)).isEqualTo(i + "\n");
                assertThat(new String(outcome.stderr(), UTF_8)).isEqualTo("e" + i + "\n");
                assertThat(outcome.exitCode()).isEqualTo(i % 4);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void interruptingTheCallerKillsTheGroupAndCancelsTheRun() throws Exception {
        Path pidFile = dir.resolve("p.pid");
        Path p = bash(dir, "p", "echo $$ > " + pidFile + "\nsleep 300");
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                run(p, MINUTE);
            } catch (RuntimeException e) {
                thrown.set(e);
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            }
        });
        caller.start();
        long pid = pidIn(pidFile);
        caller.interrupt();
        caller.join(10_000);

        assertThat(thrown.get()).isInstanceOf(CancellationException.class)
                .hasMessage("run of " + p + " was interrupted; its process group was killed");
        assertThat(stillInterrupted.get()).isTrue();
        assertThat(eventually(Duration.ofSeconds(5), () -> !running(pid))).isTrue();
    }

    @Test
    void badArgumentsAreRefusedWithTheirValue() {
        assertThatThrownBy(() -> runner.run(List.of(), Map.of(), dir, MINUTE))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("nothing to run: the argv is empty");
        assertThatThrownBy(() -> runner.run(List.of("/bin/true"), Map.of(), dir, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("timeout PT0S must be positive");
        assertThatThrownBy(() -> runner.withOutputCap(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("output cap -1 must be 0 or more bytes");
    }
}
