package io.promisemonitor.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceLockTest {

    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.ofHours(2));

    @TempDir
    Path pidFolder;

    /** The folder of the second lock file, in the monitor's state. */
    @TempDir
    Path keepFolder;

    private final List<Process> racers = new ArrayList<>();

    @AfterEach
    void stopRacers() {
        racers.forEach(Process::destroyForcibly);
    }

    @Test
    void theLocksAreTakenThroughJnaOnThisLinux() {
        assertThat(NativeLocks.whyUnavailable()).isEmpty();
    }

    @Test
    void withoutJnaOnTheClassPathTheLocksAreTakenThroughFileChannel() throws Exception {
        Process racer = racer("disk", false);
        assertThat(firstLine(racer)).isEqualTo("acquired " + racer.pid());
        assertThat(ServiceLock.tryAcquire(pidFolder, keepFolder, "disk", CLOCK)).isEmpty();
        racer.getOutputStream().close();
        assertThat(racer.waitFor(20, TimeUnit.SECONDS)).isTrue();
        ServiceLock.tryAcquire(pidFolder, keepFolder, "disk", CLOCK).orElseThrow().close();
    }

    @Test
    void aLongerPidLeftByAKilledHolderIsCutToTheNewOne() throws IOException {
        Files.writeString(pidFolder.resolve("disk.pid"), "1234567890123\n2026-11-21T12:00:00.123456789+02:00\nmore\n");
        try (ServiceLock lock = ServiceLock.tryAcquire(pidFolder, keepFolder, "disk", CLOCK).orElseThrow()) {
            assertThat(Files.readString(lock.file()))
                    .isEqualTo(ProcessHandle.current().pid() + "\n2026-11-21T12:00:00+02:00\n");
        }
        assertThat(Files.size(pidFolder.resolve("disk.pid"))).isZero();
    }

    @Test
    void aFreeLockIsTakenAndTheFileNamesTheHolder() throws IOException {
        try (ServiceLock lock = ServiceLock.tryAcquire(pidFolder, keepFolder, "disk", CLOCK).orElseThrow()) {
            long pid = ProcessHandle.current().pid();

            assertThat(lock.file()).isEqualTo(pidFolder.toRealPath().resolve("disk.pid"));
            assertThat(Files.readString(pidFolder.resolve("disk.pid")))
                    .isEqualTo(pid + "\n2026-11-21T12:00:00+02:00\n");
            assertThat(lock.holder().toString()).isEqualTo("pid " + pid + " since 2026-11-21T12:00:00+02:00");
        }
    }

    @Test
    void aHeldLockIsNotTakenTwiceInOneThreadAndIsFreeAgainAfterClose() {
        ServiceLock first = ServiceLock.tryAcquire(pidFolder, keepFolder, "disk", CLOCK).orElseThrow();

        assertThat(ServiceLock.tryAcquire(pidFolder, keepFolder, "disk", CLOCK)).isEmpty();
        assertThat(ServiceLock.tryAcquire(pidFolder, keepFolder, "other", CLOCK)).isPresent().get()
                .satisfies(ServiceLock::close);

        first.close();
        first.close();
        ServiceLock.tryAcquire(pidFolder, keepFolder, "disk", CLOCK).orElseThrow().close();
    }

    @Test
    void closingLeavesAnEmptyFileInPlace() throws IOException {
        ServiceLock.tryAcquire(pidFolder, keepFolder, "disk", CLOCK).orElseThrow().close();

        assertThat(pidFolder.resolve("disk.pid")).exists();
        assertThat(Files.readString(pidFolder.resolve("disk.pid"))).isEmpty();
    }

    @Test
    void theSameFolderSpelledDifferentlyIsTheSameLock() throws IOException {
        Path link = Files.createSymbolicLink(pidFolder.resolveSibling(pidFolder.getFileName() + "-link"), pidFolder);
        ServiceLock lock = ServiceLock.tryAcquire(pidFolder, keepFolder, "disk", CLOCK).orElseThrow();
        try {
            assertThat(ServiceLock.tryAcquire(link, keepFolder, "disk", CLOCK)).isEmpty();
            assertThat(ServiceLock.tryAcquire(pidFolder.resolve("."), keepFolder, "disk", CLOCK)).isEmpty();
        } finally {
            lock.close();
            Files.delete(link);
        }
    }

    @Test
    void theFolderIsCreatedWhenMissing() {
        Path nested = pidFolder.resolve("run/pids");

        ServiceLock.tryAcquire(nested, keepFolder, "disk", CLOCK).orElseThrow().close();

        assertThat(nested.resolve("disk.pid")).exists();
    }

    @Test
    void aFolderRemovedAfterARunIsMadeAgainForTheNext() throws IOException {
        Path folder = pidFolder.resolve("removed");
        ServiceLock.tryAcquire(folder, keepFolder, "disk", CLOCK).orElseThrow().close();
        Files.delete(folder.resolve("disk.pid"));
        Files.delete(folder);

        try (ServiceLock lock = ServiceLock.tryAcquire(folder, keepFolder, "disk", CLOCK).orElseThrow()) {
            assertThat(lock.file()).isEqualTo(folder.toRealPath().resolve("disk.pid"));
            assertThat(lock.file()).exists();
        }
    }

    @Test
    void aLockFileDeletedOrReplacedBetweenTwoRunsIsMadeAgainAndLocked() throws Exception {
        ServiceLock.tryAcquire(pidFolder, keepFolder, "disk", CLOCK).orElseThrow().close();
        Files.delete(pidFolder.resolve("disk.pid"));

        try (ServiceLock lock = ServiceLock.tryAcquire(pidFolder, keepFolder, "disk", CLOCK).orElseThrow()) {
            // the new file in the folder is the one locked: another process cannot take it (reading the file here
            // would drop the lock: POSIX locks go with any descriptor of the file closed by the process)
            assertThat(lock.file()).exists();
            assertThat(firstLine(racer("disk"))).isEqualTo("busy");
        }

        Path replacement = Files.writeString(pidFolder.resolve("new.pid"), "");
        Files.move(replacement, pidFolder.resolve("disk.pid"), StandardCopyOption.REPLACE_EXISTING);
        try (ServiceLock lock = ServiceLock.tryAcquire(pidFolder, keepFolder, "disk", CLOCK).orElseThrow()) {
            assertThat(lock.holder().pid()).hasValue(ProcessHandle.current().pid());
            assertThat(firstLine(racer("disk"))).isEqualTo("busy");
        }
        Process after = racer("disk");
        assertThat(firstLine(after)).isEqualTo("acquired " + after.pid());
    }

    @Test
    void aPidFileDeletedWhileAnotherProcessRunsDoesNotLetASecondRunIn() throws Exception {
        Process holder = racer("disk");
        assertThat(firstLine(holder)).isEqualTo("acquired " + holder.pid());

        Files.delete(pidFolder.resolve("disk.pid"));

        assertThat(ServiceLock.tryAcquire(pidFolder, keepFolder, "disk", CLOCK)).isEmpty();
        assertThat(firstLine(racer("disk"))).isEqualTo("busy");
        assertThat(ServiceLock.holder(pidFolder, keepFolder, "disk")).isPresent();
        assertTheNextRunProceedsOnceItEnds(holder);
    }

    @Test
    void aPidFileReplacedWhileAnotherProcessRunsDoesNotLetASecondRunIn() throws Exception {
        Process holder = racer("disk");
        assertThat(firstLine(holder)).isEqualTo("acquired " + holder.pid());

        Path replacement = Files.writeString(pidFolder.resolve("new.pid"), "");
        Files.move(replacement, pidFolder.resolve("disk.pid"), StandardCopyOption.REPLACE_EXISTING);

        assertThat(ServiceLock.tryAcquire(pidFolder, keepFolder, "disk", CLOCK)).isEmpty();
        assertThat(firstLine(racer("disk"))).isEqualTo("busy");
        assertTheNextRunProceedsOnceItEnds(holder);
    }

    @Test
    void aPidFolderMadeAgainWhileAnotherProcessRunsDoesNotLetASecondRunIn() throws Exception {
        Process holder = racer("disk");
        assertThat(firstLine(holder)).isEqualTo("acquired " + holder.pid());

        Files.delete(pidFolder.resolve("disk.pid"));
        Files.delete(pidFolder);
        Files.createDirectory(pidFolder);

        assertThat(ServiceLock.tryAcquire(pidFolder, keepFolder, "disk", CLOCK)).isEmpty();
        assertThat(firstLine(racer("disk"))).isEqualTo("busy");
        assertTheNextRunProceedsOnceItEnds(holder);
    }

    @Test
    void theSecondLockFileDeletedOrItsFolderMadeAgainWhileAnotherProcessRunsDoesNotLetASecondRunIn()
            throws Exception {
        Process holder = racer("disk");
        assertThat(firstLine(holder)).isEqualTo("acquired " + holder.pid());

        Files.delete(keepFolder.resolve("disk.lock"));
        assertThat(ServiceLock.tryAcquire(pidFolder, keepFolder, "disk", CLOCK)).isEmpty();
        Files.delete(keepFolder.resolve("disk.lock"));
        Files.delete(keepFolder);
        Files.createDirectory(keepFolder);
        assertThat(firstLine(racer("disk"))).isEqualTo("busy");
        assertThat(ServiceLock.tryAcquire(pidFolder, keepFolder, "disk", CLOCK)).isEmpty();

        assertTheNextRunProceedsOnceItEnds(holder);
    }

    @Test
    void aPidFileDeletedWhileThisJvmRunsDoesNotLetAnotherProcessIn() throws Exception {
        try (ServiceLock lock = ServiceLock.tryAcquire(pidFolder, keepFolder, "disk", CLOCK).orElseThrow()) {
            Files.delete(lock.file());

            assertThat(firstLine(racer("disk"))).isEqualTo("busy");
            assertThat(ServiceLock.tryAcquire(pidFolder, keepFolder, "disk", CLOCK)).isEmpty();
        }
        Process after = racer("disk");
        assertThat(firstLine(after)).isEqualTo("acquired " + after.pid());
    }

    @Test
    void aLockTakesNoDiskSpaceButThePidFileText() throws Exception {
        ServiceLock.tryAcquire(pidFolder, keepFolder, "disk", CLOCK).orElseThrow().close();

        assertThat(keepFolder.resolve("disk.lock")).isEmptyFile();
        assertThat(pidFolder.resolve("disk.pid")).isEmptyFile();
    }

    private void assertTheNextRunProceedsOnceItEnds(Process holder) throws Exception {
        holder.getOutputStream().close();
        assertThat(holder.waitFor(20, TimeUnit.SECONDS)).isTrue();
        try (ServiceLock lock = ServiceLock.tryAcquire(pidFolder, keepFolder, "disk", CLOCK).orElseThrow()) {
            assertThat(Files.readString(lock.file())).startsWith(ProcessHandle.current().pid() + "\n");
        }
    }

    @Test
    void holderTellsWhoHoldsTheLockInThisJvm() {
        try (ServiceLock lock = ServiceLock.tryAcquire(pidFolder, keepFolder, "disk", CLOCK).orElseThrow()) {
            assertThat(ServiceLock.holder(pidFolder, keepFolder, "disk")).contains(lock.holder());
            assertThat(lock.holder().sinceInstant()).contains(T0);
            // asking must not release it: POSIX drops a process's lock when any descriptor of the file closes
            assertThat(ServiceLock.tryAcquire(pidFolder, keepFolder, "disk", CLOCK)).isEmpty();
        }
    }

    @Test
    void holderIsEmptyWhenNobodyHoldsTheLock() {
        assertThat(ServiceLock.holder(pidFolder, keepFolder, "never")).isEmpty();
        assertThat(ServiceLock.holder(pidFolder.resolve("missing-folder"), keepFolder, "never")).isEmpty();

        ServiceLock.tryAcquire(pidFolder, keepFolder, "disk", CLOCK).orElseThrow().close();

        assertThat(ServiceLock.holder(pidFolder, keepFolder, "disk")).isEmpty();
        ServiceLock.tryAcquire(pidFolder, keepFolder, "disk", CLOCK).orElseThrow().close();
    }

    @Test
    void twoThreadsRacingForOneServiceGetExactlyOneLock() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 200; round++) {
                CountDownLatch go = new CountDownLatch(1);
                String service = "svc" + round;
                List<Future<Optional<ServiceLock>>> tries = new ArrayList<>();
                for (int t = 0; t < 2; t++) {
                    tries.add(pool.submit(() -> {
                        go.await();
                        return ServiceLock.tryAcquire(pidFolder, keepFolder, service, CLOCK);
                    }));
                }
                go.countDown();
                List<ServiceLock> winners = new ArrayList<>();
                for (Future<Optional<ServiceLock>> attempt : tries) {
                    attempt.get(10, TimeUnit.SECONDS).ifPresent(winners::add);
                }

                assertThat(winners).as("round %d", round).hasSize(1);
                winners.forEach(ServiceLock::close);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void twoProcessesRacingForOneServiceGetExactlyOneLock() throws Exception {
        Process a = racer("disk");
        Process b = racer("disk");

        List<String> answers = List.of(firstLine(a), firstLine(b));

        assertThat(answers).filteredOn(line -> line.startsWith("acquired ")).hasSize(1);
        assertThat(answers).filteredOn("busy"::equals).hasSize(1);
        Process winner = answers.get(0).startsWith("acquired") ? a : b;
        assertThat(ServiceLock.holder(pidFolder, keepFolder, "disk").orElseThrow().pid()).hasValue(winner.pid());
        assertThat(ServiceLock.tryAcquire(pidFolder, keepFolder, "disk", CLOCK)).isEmpty();

        winner.getOutputStream().close();
        assertThat(winner.waitFor(20, TimeUnit.SECONDS)).isTrue();
        ServiceLock.tryAcquire(pidFolder, keepFolder, "disk", CLOCK).orElseThrow().close();
    }

    @Test
    void aLockHolderKilledWithSigkillDoesNotBlockTheNextRun() throws Exception {
        Process holder = racer("disk");
        assertThat(firstLine(holder)).isEqualTo("acquired " + holder.pid());
        ServiceLock.Holder seen = ServiceLock.holder(pidFolder, keepFolder, "disk").orElseThrow();
        assertThat(seen.pid()).hasValue(holder.pid());
        assertThat(seen.since()).get().matches(since -> since.isAfter(OffsetDateTime.now().minusMinutes(5)));

        holder.destroyForcibly(); // SIGKILL: no close(), the PID stays in the file
        assertThat(holder.waitFor(20, TimeUnit.SECONDS)).isTrue();

        assertThat(Files.readString(pidFolder.resolve("disk.pid"))).startsWith(holder.pid() + "\n");
        assertThat(ServiceLock.holder(pidFolder, keepFolder, "disk")).isEmpty();
        try (ServiceLock lock = ServiceLock.tryAcquire(pidFolder, keepFolder, "disk", CLOCK).orElseThrow()) {
            assertThat(lock.holder().pid()).hasValue(ProcessHandle.current().pid());
        }
    }

    @Test
    void badServiceNamesAreRefusedQuotingThem() {
        assertThatThrownBy(() -> ServiceLock.tryAcquire(pidFolder, keepFolder, "a/b", CLOCK))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("service name 'a/b' cannot name a lock file: '/' is not allowed");
        assertThatThrownBy(() -> ServiceLock.tryAcquire(pidFolder, keepFolder, "..", CLOCK))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("service name '..' cannot name a lock file: '..' is not allowed");
        assertThatThrownBy(() -> ServiceLock.holder(pidFolder, keepFolder, ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("service name '' cannot name a lock file: it is empty");
        assertThat(pidFolder.getParent().resolve(".pid")).doesNotExist();
    }

    private Process racer(String service) throws IOException, URISyntaxException {
        // with JNA, so that the racers lock through NativeLocks (ServiceLockThroughFileChannelTest: against FileChannel)
        return racer(service, true);
    }

    private Process racer(String service, boolean withJna) throws IOException, URISyntaxException {
        String classpath = codeSource(LockRacer.class) + java.io.File.pathSeparator + codeSource(ServiceLock.class)
                + (withJna ? java.io.File.pathSeparator + codeSource(com.sun.jna.Native.class) : "");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "-cp", classpath, LockRacer.class.getName(), pidFolder.toString(), keepFolder.toString(), service)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        racers.add(process);
        return process;
    }

    private static String codeSource(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    private static String firstLine(Process process) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        String line = reader.readLine();
        return line == null ? "<no answer, exit " + (process.isAlive() ? "?" : process.exitValue()) + ">" : line;
    }
}
