package io.promisemonitor.cgi;

import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.core.executor.RerunSpool;
import io.promisemonitor.core.testing.MutableClock;
import io.promisemonitor.core.testing.TestInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolBackendTest {

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.at("2026-11-21T10:00:30Z");

    @Test
    void aServiceIsKnownByItsCfgFileEvenWhenTheFileIsBroken() {
        TestInstance instance = TestInstance.create(dir);
        instance.service("fine", "timeout = 7s", "promise = test-fixed");
        instance.service("broken", "frequency = nonsense");
        try (SpoolBackend backend = SpoolBackend.of(instance.monitor(), clock)) {
            assertThat(backend.service("fine").orElseThrow().timeout()).hasSeconds(7);
            assertThat(backend.service("broken")).isPresent();
            assertThat(backend.service("ghost")).isEmpty();
            assertThat(backend.service("..")).isEmpty();
        }
    }

    @Test
    void aSecondRequestBeforeTheExecutorTookTheFirstIsRefusedAsQueued() {
        TestInstance instance = TestInstance.create(dir);
        try (SpoolBackend backend = SpoolBackend.of(instance.monitor(), clock)) {
            assertThat(backend.submit("fine").accepted()).isTrue();
            Submission second = backend.submit("fine");

            assertThat(second.accepted()).isFalse();
            assertThat(second.refusedBecause()).isEqualTo("already queued since 2026-11-21T10:00:30Z");
        }
    }

    @Test
    void aRequestWhileALiveProcessHoldsTheServiceIsRefusedAsRunning() throws Exception {
        TestInstance instance = TestInstance.create(dir);
        Path pidFolder = instance.monitor().servicePidFolder();
        Files.createDirectories(pidFolder);
        Files.writeString(pidFolder.resolve("slow.pid"), ProcessHandle.current().pid()
                + "\n2026-11-21T09:59:00+00:00\n");
        try (SpoolBackend backend = SpoolBackend.of(instance.monitor(), clock)) {
            Submission s = backend.submit("slow");

            assertThat(s.refusedBecause()).isEqualTo("already running since 2026-11-21T09:59:00Z");
            assertThat(RerunSpool.of(instance.monitor()).requestFile("slow")).doesNotExist();
        }
    }

    @Test
    void aLockFileLeftByADeadProcessDoesNotBlockARerun() throws Exception {
        TestInstance instance = TestInstance.create(dir);
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path pidFolder = instance.monitor().servicePidFolder();
        Files.createDirectories(pidFolder);
        Files.writeString(pidFolder.resolve("slow.pid"), gone.pid() + "\n2026-11-21T09:59:00+00:00\n");
        try (SpoolBackend backend = SpoolBackend.of(instance.monitor(), clock)) {
            assertThat(backend.submit("slow").accepted()).isTrue();
        }
    }

    @Test
    void theRunCountsAsOverWhenTheExecutorRemovesTheRequest() throws Exception {
        TestInstance instance = TestInstance.create(dir);
        try (SpoolBackend backend = SpoolBackend.of(instance.monitor(), clock)) {
            Submission s = backend.submit("fine");
            assertThat(s.finished()).isNotDone();

            Files.delete(RerunSpool.of(instance.monitor()).requestFile("fine"));

            assertThat(s.finished().get(5, TimeUnit.SECONDS))
                    .isEqualTo(Optional.of("not run: another run held the service's lock"));
        }
    }
}
