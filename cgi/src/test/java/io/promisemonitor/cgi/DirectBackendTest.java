package io.promisemonitor.cgi;

import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.core.testing.TestInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reruns the CGI script runs itself when no executor runs: one accepted per service at a time, across processes. */
class DirectBackendTest {

    @TempDir
    Path dir;

    @Test
    void aSecondRerunWhileOneIsAcceptedIsRefusedAndAClaimLeftByADeadProcessIsTakenOver() throws Exception {
        TestInstance instance = TestInstance.create(dir);
        instance.service("slow", "command = /bin/sleep 1");
        Path claim = instance.monitor().stateFolder("rerun-direct").resolve("slow");
        try (DirectBackend first = DirectBackend.of(instance.monitor(), Clock.systemUTC());
                DirectBackend second = DirectBackend.of(instance.monitor(), Clock.systemUTC())) {
            Submission accepted = first.submit("slow");
            Submission refused = second.submit("slow");

            assertThat(accepted.accepted()).isTrue();
            assertThat(refused.accepted()).isFalse();
            assertThat(refused.refusedBecause()).isEqualTo("already queued");
            assertThat(accepted.finished().get(30, TimeUnit.SECONDS)).isEmpty();
            assertThat(claim).as("released once recorded").doesNotExist();
            assertThat(instance.statusFile("slow")).exists();

            Files.createDirectories(claim.getParent());
            Files.writeString(claim, "999999999\n"); // no such process
            Submission takenOver = second.submit("slow");
            assertThat(takenOver.accepted()).isTrue();
            assertThat(takenOver.finished().get(30, TimeUnit.SECONDS)).isEmpty();
        }
    }
}
