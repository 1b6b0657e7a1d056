package io.promisemonitor.core.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promisemonitor.core.config.PromiseRegistry;
import io.promisemonitor.core.testing.MutableClock;
import io.promisemonitor.core.testing.TestInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RerunSpoolTest {

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.at("2026-11-21T10:00:30Z");
    private final List<PromiseExecutor> executors = new ArrayList<>();

    @AfterEach
    void stop() {
        executors.forEach(PromiseExecutor::close);
    }

    /** An instance with one service that counts its runs in {@code runs}; the executor has done its first tick. */
    private PromiseExecutor executorWithCountingService(TestInstance instance) throws Exception {
        instance.service("count", "frequency = @yearly");
        instance.script("count", "echo run >> \"$MONITOR_INSTANCE/runs\"; echo '{\"message\": \"counted\"}'");
        PromiseExecutor executor = new PromiseExecutor(instance.monitor(), clock, PromiseRegistry.fromClassPath());
        PromiseExecutor.prepareFolders(instance.monitor());
        executors.add(executor);
        executor.tick();
        assertThat(executor.awaitIdle(Duration.ofSeconds(20))).isTrue();
        return executor;
    }

    private static int runs(TestInstance instance) throws Exception {
        Path file = instance.root().resolve("runs");
        return Files.exists(file) ? Files.readAllLines(file).size() : 0;
    }

    @Test
    void aSpooledRequestIsRunAtTheNextTickAndItsFileRemovedOnceTheRunIsOver() throws Exception {
        TestInstance instance = TestInstance.create(dir);
        PromiseExecutor executor = executorWithCountingService(instance);
        RerunSpool spool = RerunSpool.of(instance.monitor());
        assertThat(runs(instance)).isEqualTo(1);

        assertThat(spool.request("count", clock.instant())).isEmpty();
        assertThat(spool.requestFile("count")).exists();
        executor.tick();
        assertThat(executor.awaitIdle(Duration.ofSeconds(20))).isTrue();

        assertThat(runs(instance)).isEqualTo(2);
        assertThat(executor.inFlight("count")).isEmpty();
        assertThat(spool.requestFile("count")).doesNotExist();
        assertThat(spool.pendingSince("count")).isEmpty();
    }

    @Test
    void aSecondRequestWhileOneIsPendingIsRefusedWithTheFirstOnesTime() {
        TestInstance instance = TestInstance.create(dir);
        RerunSpool spool = RerunSpool.of(instance.monitor());
        Instant first = Instant.parse("2026-11-21T10:00:30.123Z");

        assertThat(spool.request("count", first)).isEmpty();
        assertThat(spool.request("count", first.plusSeconds(5))).contains(first);
        assertThat(spool.pendingSince("count")).contains(first);
    }

    @Test
    void twentyRacingRequestsQueueExactlyOne() throws Exception {
        TestInstance instance = TestInstance.create(dir);
        RerunSpool spool = RerunSpool.of(instance.monitor());
        ExecutorService threads = Executors.newFixedThreadPool(20);
        try {
            List<Callable<Optional<Instant>>> calls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                calls.add(() -> spool.request("count", clock.instant()));
            }
            int queued = 0;
            for (Future<Optional<Instant>> f : threads.invokeAll(calls)) {
                queued += f.get().isEmpty() ? 1 : 0;
            }
            assertThat(queued).isEqualTo(1);
        } finally {
            threads.shutdownNow();
        }
        try (var files = Files.list(spool.folder())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("count.rerun");
        }
    }

    @Test
    void aRequestForAnUnknownServiceIsRemovedWithoutARun() throws Exception {
        TestInstance instance = TestInstance.create(dir);
        PromiseExecutor executor = executorWithCountingService(instance);
        RerunSpool spool = RerunSpool.of(instance.monitor());

        spool.request("ghost", clock.instant());
        executor.tick();

        assertThat(spool.requestFile("ghost")).doesNotExist();
        assertThat(executor.inFlight("ghost")).isEmpty();
        assertThat(runs(instance)).isEqualTo(1);
    }

    @Test
    void aRequestWhileTheServiceRunsJoinsThatRunAndStaysPendingUntilItEnds() throws Exception {
        TestInstance instance = TestInstance.create(dir);
        instance.service("slow", "frequency = @yearly", "promise = test-sleepy", "[promise]", "seconds = 1");
        PromiseExecutor executor = new PromiseExecutor(instance.monitor(), clock, PromiseRegistry.fromClassPath());
        PromiseExecutor.prepareFolders(instance.monitor());
        executors.add(executor);
        RerunSpool spool = RerunSpool.of(instance.monitor());

        executor.tick();
        RunTicket running = executor.inFlight("slow").orElseThrow();
        spool.request("slow", clock.instant());
        executor.tick();

        assertThat(executor.inFlight("slow")).containsSame(running);
        assertThat(spool.requestFile("slow")).exists();
        running.done().get();
        io.promisemonitor.core.testing.Eventually.await("request removed", Duration.ofSeconds(5),
                () -> !Files.exists(spool.requestFile("slow")));
        executor.tick();
        assertThat(executor.inFlight("slow")).isEmpty();
    }

    @Test
    void aServiceNameThatIsNotAFileNameIsRefused() {
        RerunSpool spool = RerunSpool.of(TestInstance.create(dir).monitor());

        assertThatThrownBy(() -> spool.request("../x", clock.instant()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("service name '../x' is not allowed; allowed: letters, digits, '.', '_' and '-'");
    }

    @Test
    void anUnchangedFolderIsListedOnlyWithinASecondOfItsLastChange() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("rerun-spool"));
        long[] nanos = {0};
        RerunSpool spool = new RerunSpool(folder, () -> nanos[0]);
        assertThat(spool.take()).isEmpty();

        // a request made in the same tick of the kernel's coarse clock as the last change: the folder's time stays
        java.nio.file.attribute.FileTime before = Files.getLastModifiedTime(folder);
        spool.request("early", clock.instant());
        Files.setLastModifiedTime(folder, before);
        nanos[0] += RerunSpool.SETTLE_NANOS / 2;
        assertThat(spool.take()).as("still listed, half a second on").extracting(RerunSpool.Request::service)
                .containsExactly("early");

        // the same, once the folder's time is a second old: not listed (the cost that was saved)
        Files.delete(spool.requestFile("early"));
        spool.request("late", clock.instant());
        Files.setLastModifiedTime(folder, before);
        nanos[0] += RerunSpool.SETTLE_NANOS;
        assertThat(spool.take()).isEmpty();

        // any change of the folder's time: listed at once
        spool.request("next", clock.instant());
        Files.setLastModifiedTime(folder, java.nio.file.attribute.FileTime.fromMillis(before.toMillis() + 1000));
        assertThat(spool.take()).extracting(RerunSpool.Request::service).containsExactlyInAnyOrder("late", "next");
    }

    @Test
    void theExecutorMakesTheSpoolWithTheStateFoldersPermissions() throws Exception {
        TestInstance instance = TestInstance.create(dir);
        Path state = Files.createDirectories(instance.monitor().stateFolder());
        Files.setPosixFilePermissions(state, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwx---"));
        PromiseExecutor.prepareFolders(instance.monitor());
        Path spool = RerunSpool.of(instance.monitor()).folder();
        assertThat(spool).isDirectory();
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(spool)))
                .isEqualTo("rwxrwx---");
    }
}
