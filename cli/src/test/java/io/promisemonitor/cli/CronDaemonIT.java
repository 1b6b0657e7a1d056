package io.promisemonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.core.testing.Eventually;
import io.promisemonitor.core.testing.TestInstance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lines {@code monitor crontab --cron-d} prints, installed in a real cron daemon (Debian's {@code cron}). One
 * daemon runs per machine and it reads only {@code /etc/crontab}, {@code /etc/cron.d/} and its spool: the test
 * writes a uniquely named file in {@code /etc/cron.d/}, starts {@code cron -f} when none runs (and stops only the
 * one it started), and removes its file even on failure. It needs root, as CI runs.
 */
class CronDaemonIT {

    private static final Path CRON = Path.of("/usr/sbin/cron");
    private static final Path JAR = Path.of("target", "monitor.jar").toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void theLinesMonitorCrontabPrintsRunTheServicesUnderARealCronDaemon() throws Exception {
        assertThat(Files.isExecutable(CRON)).as(CRON + " is missing: apt-get install cron").isTrue();
        assertThat(new com.sun.security.auth.module.UnixSystem().getUid()).as("writing /etc/cron.d needs root")
                .isZero();
        TestInstance instance = TestInstance.create(dir);
        instance.service("from-cron", "frequency = * * * * *");
        instance.script("from-cron", "echo '{\"message\": \"run by cron at 100%\"}'");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));

        Process crontab = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString(), "crontab", "--instance", instance.root().toString(), "--cron-d", "root")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String lines = new String(crontab.getInputStream().readAllBytes());
        assertThat(crontab.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(crontab.exitValue()).isZero();
        assertThat(lines).contains(" root ").contains(" run-due --instance ");

        // cron.d names may hold only letters, digits, _ and - (run-parts rules): no dot.
        Path file = Path.of("/etc/cron.d", "promise-monitor-it-" + UUID.randomUUID().toString().replace("-", ""));
        Process started = null;
        try {
            Files.writeString(file, lines);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            if (!cronRuns()) {
                started = new ProcessBuilder(CRON.toString(), "-f").redirectErrorStream(true)
                        .redirectOutput(dir.resolve("cron-daemon.log").toFile()).start();
            }
            Path status = instance.statusFile("from-cron");
            Eventually.await("cron to run the service (it reads /etc/cron.d once a minute)", Duration.ofMinutes(2),
                    () -> Files.exists(status));
            assertThat(Files.readString(status)).contains("run by cron at 100%");
            Path log = instance.monitor().stateFolder().resolve("cron.log");
            Eventually.await("the run's line in " + log, Duration.ofSeconds(30),
                    () -> read(log).contains("from-cron: OK in "));
        } finally {
            Files.deleteIfExists(file);
            // a minute's run-due may still be publishing (the log line comes before the pages): the instance folder
            // is deleted after this test, so let that run end first
            String root = instance.root().toString();
            Eventually.await("cron's run-due on " + root + " to end", Duration.ofSeconds(90),
                    () -> ProcessHandle.allProcesses().noneMatch(p -> p.info().commandLine()
                            .map(c -> c.contains(" run-due --instance " + root)).orElse(false)));
            if (started != null) {
                started.destroy();
                if (!started.waitFor(10, TimeUnit.SECONDS)) {
                    started.destroyForcibly();
                }
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    private static boolean cronRuns() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("pgrep", "-x", "cron"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    }
}
