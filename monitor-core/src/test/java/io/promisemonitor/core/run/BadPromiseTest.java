package io.promisemonitor.core.run;

import static io.promisemonitor.core.run.Scripts.bash;
import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.core.config.OutputMode;
import io.promisemonitor.core.promise.PromiseResult;
import io.promisemonitor.core.promise.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bad promises, run for real and read: each is ERROR or UNKNOWN with a message naming the cause. */
class BadPromiseTest {

    @TempDir
    Path dir;

    private OutputParser.Parsed runAndRead(Path program, Duration timeout) {
        ProcessOutcome outcome = ProcessRunner.create(Clock.systemUTC())
                .run(List.of(program.toString()), Map.of(), dir, timeout);
        return OutputParser.parse(OutputMode.AUTO, outcome, timeout);
    }

    @Test
    void aMissingPromiseIsAnErrorSayingItDoesNotExist() {
        Path p = dir.resolve("gone");

        assertThat(runAndRead(p, Duration.ofSeconds(20)).result())
                .isEqualTo(PromiseResult.error("promise " + p + " does not exist"));
    }

    @Test
    void aNonExecutablePromiseIsAnErrorSayingHowToFixIt() throws IOException {
        Path p = bash(dir, "p", "echo hi");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));

        assertThat(runAndRead(p, Duration.ofSeconds(20)).result())
                .isEqualTo(PromiseResult.error("promise " + p + " is not executable (chmod +x it)"));
    }

    @Test
    void aHangingPromiseIsAnErrorAfterItsTimeout() {
        Path p = bash(dir, "p", "sleep 300");

        OutputParser.Parsed parsed = runAndRead(p, Duration.ofSeconds(1));

        assertThat(parsed.result()).isEqualTo(PromiseResult.error("Promise timed out after 1 seconds"));
        assertThat(parsed.returncode()).isEqualTo(137);
    }

    @Test
    void aPromisePrintingFiftyMegabytesIsReadFromItsCappedStart() {
        Path p = bash(dir, "p", "echo 'CHATTY OK'; head -c 52428800 /dev/zero | tr '\\0' y");

        PromiseResult result = runAndRead(p, Duration.ofSeconds(30)).result();

        assertThat(result.status()).isEqualTo(Status.OK);
        assertThat(result.message()).isEqualTo("CHATTY OK");
        assertThat(result.details()).isEqualTo("y".repeat(OutputParser.LONG_TEXT_CHARS)
                + " [... cut]\n(stdout was cut after 1048576 bytes)");
    }

    @Test
    void aPromisePrintingBinaryIsAnErrorSayingSo() {
        Path p = bash(dir, "p", "printf 'BIN\\000\\377\\033[1m\\n'; exit 0");

        assertThat(runAndRead(p, Duration.ofSeconds(20)).result())
                .isEqualTo(PromiseResult.error("promise printed binary data on stdout (a NUL byte at byte 4 of 10)"));
    }

    @Test
    void aPromisePrintingRandomBytesWithoutNulIsAnErrorSayingSo() {
        Path p = bash(dir, "p", "head -c 65536 /dev/urandom | tr -d '\\000'");

        assertThat(runAndRead(p, Duration.ofSeconds(20)).result().message())
                .startsWith("promise printed binary data on stdout (").endsWith(" bytes are not UTF-8)");
    }

    @Test
    void aSlaposStatusLargerThanTheCaptureIsAnErrorSayingSoNotANagiosWarning() {
        Path p = bash(dir, "p", "printf '{\"message\": \"'; head -c 2097152 /dev/zero | tr '\\0' x; printf '\"}'; exit 1");

        OutputParser.Parsed parsed = runAndRead(p, Duration.ofSeconds(30));

        assertThat(parsed.result()).isEqualTo(PromiseResult.error("output too large: 2097167 bytes, limit 1 MiB"));
        assertThat(parsed.returncode()).isEqualTo(1);
    }

    @Test
    void everyByteBeyondTheCapIsCountedOnEveryWayOfStartingAProgram() {
        Path p = bash(dir, "p", "head -c 3000000 /dev/zero | tr '\\0' x");
        ProcessRunner spawned = ProcessRunner.create(Clock.systemUTC());
        List<String> argv = List.of(p.toString());
        Duration timeout = Duration.ofSeconds(30);

        ProcessOutcome polled = spawned.run(argv, Map.of(), dir, timeout);
        ProcessOutcome builder = spawned.withSpawner(Spawner.processBuilder()).run(argv, Map.of(), dir, timeout);
        ProcessOutcome reaped = spawned.withSpawner(Spawner.posixSpawnWithoutPidfds()).run(argv, Map.of(), dir,
                timeout);

        for (ProcessOutcome outcome : List.of(polled, builder, reaped)) {
            assertThat(outcome.stdoutPrinted()).as(outcome.toString()).isEqualTo(3_000_000);
            assertThat(outcome.stdout()).hasSize(ProcessRunner.DEFAULT_OUTPUT_CAP);
        }
    }

    @Test
    void aPromiseKilledByASignalIsAnErrorNamingIt() {
        Path p = bash(dir, "p", "echo '{\"message\": \"about to die\"}'; kill -KILL $$");

        OutputParser.Parsed parsed = runAndRead(p, Duration.ofSeconds(20));

        assertThat(parsed.result().message()).isEqualTo("promise was killed by signal 9 (KILL)");
        assertThat(parsed.result().details()).isEqualTo("stdout:\n{\"message\": \"about to die\"}");
        assertThat(parsed.returncode()).isEqualTo(137);
    }

    @Test
    void aSlaposPromiseReportingFailureKeepsItsMessageAndStderr() {
        Path p = bash(dir, "p", "echo 'warning: slow' >&2; echo '{\"message\": \"backup is 3 days old\"}'; exit 1");

        PromiseResult result = runAndRead(p, Duration.ofSeconds(20)).result();

        assertThat(result).isEqualTo(PromiseResult.error("backup is 3 days old").withDetails("stderr:\nwarning: slow"));
    }
}
