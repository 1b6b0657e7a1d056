package io.promisemonitor.core.executor;

import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.core.config.PromiseRegistry;
import io.promisemonitor.core.promise.Status;
import io.promisemonitor.core.status.ServiceStatus;
import io.promisemonitor.core.testing.MutableClock;
import io.promisemonitor.core.testing.TestInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A {@code .cfg} that is huge, or not a file at all, shows its own service as ERROR and stops nothing else. */
class ExecutorOddFilesTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.at("2026-11-21T10:00:30Z");
    private PromiseExecutor executor;

    @AfterEach
    void stop() {
        if (executor != null) {
            executor.close();
        }
    }

    private PromiseExecutor start(TestInstance instance) {
        executor = new PromiseExecutor(instance.monitor(), clock, PromiseRegistry.fromClassPath());
        PromiseExecutor.prepareFolders(instance.monitor());
        return executor;
    }

    private ServiceStatus status(String service) {
        return executor.runner().store().read(service).orElseThrow(() -> new AssertionError(service
                + " has no status"));
    }

    @Test
    void aHugeCfgShowsItsServiceAsErrorAndTheOthersRun() throws Exception {
        TestInstance instance = TestInstance.create(dir, "spread-starts = no");
        instance.service("good", "promise = test-fixed");
        Path big = instance.promiseFolder().resolve("big.cfg");
        byte[] filler = new byte[20 << 20];
        Arrays.fill(filler, (byte) '#');
        Files.write(big, filler);
        start(instance);

        for (int i = 0; i < 3; i++) {
            executor.tick();
            assertThat(executor.awaitIdle(WAIT)).isTrue();
            clock.advance(Duration.ofMinutes(1));
        }

        assertThat(status("good").status()).isEqualTo(Status.OK);
        assertThat(status("good").startDate().toInstant()).isEqualTo(clock.instant().minus(Duration.ofMinutes(1)));
        assertThat(status("big").status()).isEqualTo(Status.ERROR);
        assertThat(status("big").message()).isEqualTo("configuration: " + big + ": file too large (20971520 bytes);"
                + " allowed: at most 1 MiB (1048576 bytes)");
    }

    @Test
    void aFifoAFolderAndADanglingLinkEachShowTheirServiceAsErrorSayingWhatTheyAre() throws Exception {
        TestInstance instance = TestInstance.create(dir, "spread-starts = no");
        instance.service("good", "promise = test-fixed");
        Path folder = instance.promiseFolder();
        Process mkfifo = new ProcessBuilder("mkfifo", folder.resolve("pipe.cfg").toString()).inheritIO().start();
        assertThat(mkfifo.waitFor()).isZero();
        Files.createDirectory(folder.resolve("dir.cfg"));
        Path target = dir.resolve("releases/41/deployed.cfg");
        Files.createSymbolicLink(folder.resolve("deployed.cfg"), target);
        start(instance);

        // a FIFO opened for reading would block this tick until a writer came; none does
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            executor.tick();
            assertThat(executor.awaitIdle(WAIT)).isTrue();
        });

        assertThat(status("good").status()).isEqualTo(Status.OK);
        assertThat(status("pipe").message()).isEqualTo("configuration: " + folder.resolve("pipe.cfg")
                + ": is a FIFO (named pipe); allowed: a regular file");
        assertThat(status("dir").message()).isEqualTo("configuration: " + folder.resolve("dir.cfg")
                + ": is a folder; allowed: a regular file");
        assertThat(status("deployed").status()).isEqualTo(Status.ERROR);
        assertThat(status("deployed").message()).isEqualTo("configuration: " + folder.resolve("deployed.cfg")
                + ": is a symbolic link to " + target + ", which does not exist; allowed: a regular file, or a link"
                + " to one");
        assertThat(executor.serviceNames()).containsExactly("deployed", "dir", "good", "pipe");
    }

    @Test
    void aFrequencyThatNeverFiresShowsItsServiceAsError() throws Exception {
        TestInstance instance = TestInstance.create(dir, "spread-starts = no");
        Path cfg = instance.service("leap", "promise = test-fixed", "frequency = 0 0 31 2 *");
        start(instance);

        executor.tick();
        assertThat(executor.awaitIdle(WAIT)).isTrue();

        assertThat(status("leap").status()).isEqualTo(Status.ERROR);
        assertThat(status("leap").message()).isEqualTo("configuration: " + cfg + " line 3: frequency '0 0 31 2 *'"
                + " never fires: no date has that day of the month in that month (and day of the week); allowed: a date"
                + " that exists, such as 0 0 28 2 *");
    }
}
