package io.promisemonitor.core.executor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promisemonitor.core.catalogue.FolderWatch;
import io.promisemonitor.core.config.PromiseRegistry;
import io.promisemonitor.core.promise.Status;
import io.promisemonitor.core.status.ServiceStatus;
import io.promisemonitor.core.testing.Eventually;
import io.promisemonitor.core.testing.MutableClock;
import io.promisemonitor.core.testing.SchemaCheck;
import io.promisemonitor.core.testing.TestInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromiseExecutorTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.at("2026-11-21T10:00:30Z");
    private final List<PromiseExecutor> executors = new ArrayList<>();

    @AfterEach
    void stop() {
        executors.forEach(PromiseExecutor::close);
    }

    private PromiseExecutor executor(TestInstance instance) {
        return executor(instance, FolderWatch.start());
    }

    private PromiseExecutor executor(TestInstance instance, FolderWatch watch) {
        PromiseExecutor executor = new PromiseExecutor(instance.monitor(), clock, PromiseRegistry.fromClassPath(),
                null, watch);
        PromiseExecutor.prepareFolders(instance.monitor());
        executors.add(executor);
        return executor;
    }

    private static int lines(Path file) throws Exception {
        return Files.exists(file) ? Files.readAllLines(file).size() : 0;
    }

    private static Optional<ServiceStatus> status(PromiseExecutor executor, String service) {
        return executor.runner().store().read(service);
    }

    @Test
    void theLogLineGivesTheDurationInSecondsWithTwoDecimalsRoundedHalfUp() {
        assertThat(PromiseExecutor.seconds(Duration.ZERO)).isEqualTo("0.00");
        assertThat(PromiseExecutor.seconds(Duration.ofMillis(4))).isEqualTo("0.00");
        assertThat(PromiseExecutor.seconds(Duration.ofMillis(5))).isEqualTo("0.01");
        assertThat(PromiseExecutor.seconds(Duration.ofMillis(60))).isEqualTo("0.06");
        assertThat(PromiseExecutor.seconds(Duration.ofMillis(1005))).isEqualTo("1.01");
        assertThat(PromiseExecutor.seconds(Duration.ofSeconds(754, 999_000_000))).isEqualTo("755.00");
    }

    @Test
    void aServiceRunsAtStartUpThenWhenItsMinuteComesAndNotBefore() throws Exception {
        TestInstance instance = TestInstance.create(dir, "spread-starts = no");
        instance.service("tick", "frequency = * * * * *");
        instance.script("tick", "echo run >> \"$MONITOR_INSTANCE/runs\"; echo '{\"message\": \"fine\"}'");
        Path runs = instance.root().resolve("runs");
        PromiseExecutor executor = executor(instance);

        executor.tick();
        assertThat(executor.awaitIdle(WAIT)).isTrue();
        assertThat(lines(runs)).isEqualTo(1);

        clock.set(java.time.Instant.parse("2026-11-21T10:00:59Z"));
        executor.tick();
        assertThat(executor.awaitIdle(WAIT)).isTrue();
        assertThat(lines(runs)).isEqualTo(1);

        clock.set(java.time.Instant.parse("2026-11-21T10:01:00Z"));
        executor.tick();
        assertThat(executor.awaitIdle(WAIT)).isTrue();
        assertThat(lines(runs)).isEqualTo(2);
        assertThat(status(executor, "tick").orElseThrow().status()).isEqualTo(Status.OK);
        assertThat(status(executor, "tick").orElseThrow().startDate().toInstant())
                .isEqualTo(java.time.Instant.parse("2026-11-21T10:01:00Z"));
    }

    @Test
    void aServiceWithAFreshStatusWaitsForItsNextFiringAfterARestart() throws Exception {
        TestInstance instance = TestInstance.create(dir, "spread-starts = no");
        instance.service("hourly", "frequency = @hourly");
        instance.script("hourly", "echo run >> \"$MONITOR_INSTANCE/runs\"; echo '{\"message\": \"fine\"}'");
        PromiseExecutor first = executor(instance);
        first.tick();
        assertThat(first.awaitIdle(WAIT)).isTrue();
        first.close();

        clock.advance(Duration.ofMinutes(5));
        PromiseExecutor second = executor(instance);
        second.tick();
        assertThat(second.awaitIdle(WAIT)).isTrue();

        assertThat(lines(instance.root().resolve("runs"))).isEqualTo(1);
    }

    @Test
    void startOffsetsAreStableAndSpreadInsideTheMinute() {
        Set<Long> seconds = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            Duration offset = PromiseExecutor.offsetOf("service-" + i);
            assertThat(offset).isEqualTo(PromiseExecutor.offsetOf("service-" + i));
            assertThat(offset).isBetween(Duration.ZERO, Duration.ofMillis(59_999));
            seconds.add(offset.toSeconds());
        }
        // 100 services over 60 seconds: far from all at once.
        assertThat(seconds.size()).isGreaterThan(40);
    }

    @Test
    void withSpreadStartsAServiceFiresAtItsOffsetInsideTheMinute() throws Exception {
        TestInstance instance = TestInstance.create(dir);
        instance.service("spread", "frequency = * * * * *");
        instance.script("spread", "echo run >> \"$MONITOR_INSTANCE/runs\"; echo '{\"message\": \"fine\"}'");
        Path runs = instance.root().resolve("runs");
        PromiseExecutor executor = executor(instance);
        executor.tick();
        assertThat(executor.awaitIdle(WAIT)).isTrue();
        Duration offset = PromiseExecutor.offsetOf("spread");
        java.time.Instant minute = java.time.Instant.parse("2026-11-21T10:01:00Z");

        clock.set(minute.plus(offset).minusMillis(1));
        executor.tick();
        assertThat(executor.awaitIdle(WAIT)).isTrue();
        int before = lines(runs);
        clock.set(minute.plus(offset));
        executor.tick();
        assertThat(executor.awaitIdle(WAIT)).isTrue();

        assertThat(lines(runs)).isEqualTo(before + 1);
    }

    @Test
    void aHungPromiseDoesNotDelayTheOthers() throws Exception {
        TestInstance instance = TestInstance.create(dir, "spread-starts = no", "concurrency = 2");
        instance.service("hung", "timeout = 30s");
        instance.script("hung", "sleep 30");
        for (int i = 0; i < 6; i++) {
            instance.service("quick-" + i);
            instance.script("quick-" + i, "echo '{\"message\": \"quick\"}'");
        }
        PromiseExecutor executor = executor(instance);

        long t0 = System.nanoTime();
        executor.tick();
        for (int i = 0; i < 6; i++) {
            String name = "quick-" + i;
            Eventually.await(name + " recorded", WAIT, () -> status(executor, name).isPresent());
        }

        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(15));
        assertThat(executor.inFlight("hung")).isPresent();
    }

    @Test
    void aPromiseThatOverrunsItsTimeoutIsErrorAndTheNextRunProceeds() throws Exception {
        TestInstance instance = TestInstance.create(dir, "spread-starts = no");
        instance.service("slow", "timeout = 1s");
        instance.script("slow", "sleep 30");
        PromiseExecutor executor = executor(instance);

        executor.tick();
        assertThat(executor.awaitIdle(WAIT)).isTrue();

        ServiceStatus s = status(executor, "slow").orElseThrow();
        assertThat(s.status()).isEqualTo(Status.ERROR);
        assertThat(s.message()).isEqualTo("Promise timed out after 1 seconds");
    }

    @Test
    void aBuiltInThatOverrunsItsTimeoutIsErrorAndFreesItsSlot() throws Exception {
        TestInstance instance = TestInstance.create(dir, "spread-starts = no", "concurrency = 1");
        instance.service("stubborn", "timeout = 1s", "promise = test-sleepy", "[promise]", "seconds = 5");
        instance.service("next", "promise = test-fixed");
        PromiseExecutor executor = executor(instance);

        executor.tick();
        assertThat(executor.awaitIdle(WAIT)).isTrue();

        assertThat(status(executor, "stubborn").orElseThrow().message())
                .isEqualTo("Promise timed out after 1 seconds");
        assertThat(status(executor, "stubborn").orElseThrow().status()).isEqualTo(Status.ERROR);
        assertThat(status(executor, "next").orElseThrow().status()).isEqualTo(Status.OK);
    }

    @Test
    void aBuiltInThatThrowsIsErrorNamingTheFailure() throws Exception {
        TestInstance instance = TestInstance.create(dir, "spread-starts = no");
        instance.service("thrower", "promise = test-sleepy", "[promise]", "throw = yes");
        PromiseExecutor executor = executor(instance);

        executor.tick();
        assertThat(executor.awaitIdle(WAIT)).isTrue();

        assertThat(status(executor, "thrower").orElseThrow().message()).isEqualTo("the disk vanished");
    }

    @Test
    void newChangedAndRemovedCfgFilesArePickedUpWithoutARestart() throws Exception {
        TestInstance instance = TestInstance.create(dir, "spread-starts = no");
        instance.service("first", "promise = test-fixed");
        PromiseExecutor executor = executor(instance);
        executor.tick();
        assertThat(executor.awaitIdle(WAIT)).isTrue();
        Path hal = instance.monitor().monitorHalJson();
        assertThat(serviceIds(hal)).containsExactly("first");

        instance.service("second", "title = Second one", "promise = test-fixed", "[promise]", "status = warning");
        clock.advance(PromiseExecutor.RESCAN_INTERVAL);
        executor.tick();
        assertThat(executor.awaitIdle(WAIT)).isTrue();
        assertThat(serviceIds(hal)).containsExactly("first", "second");
        assertThat(status(executor, "second").orElseThrow().status()).isEqualTo(Status.WARNING);

        Path cfg = instance.service("second", "title = Renamed", "promise = test-fixed");
        Files.setLastModifiedTime(cfg, java.nio.file.attribute.FileTime.fromMillis(
                Files.getLastModifiedTime(cfg).toMillis() + 5000));
        clock.advance(PromiseExecutor.RESCAN_INTERVAL);
        executor.tick();
        assertThat(executor.awaitIdle(WAIT)).isTrue();
        assertThat(new ObjectMapper().readTree(hal.toFile()).at("/_embedded/service/1/title").asText())
                .isEqualTo("Renamed");

        Files.delete(instance.promiseFolder().resolve("first.cfg"));
        clock.advance(PromiseExecutor.RESCAN_INTERVAL);
        executor.tick();
        assertThat(serviceIds(hal)).containsExactly("second");
        assertThat(executor.serviceNames()).containsExactly("second");
    }

    @Test
    void everyFileIsLookedAtEveryTwoSecondsUpToAThousandServicesThenOneIntervalMorePerThousand() {
        assertThat(PromiseExecutor.fullScanInterval(0)).isEqualTo(Duration.ofSeconds(2));
        assertThat(PromiseExecutor.fullScanInterval(1000)).isEqualTo(Duration.ofSeconds(2));
        assertThat(PromiseExecutor.fullScanInterval(1001)).isEqualTo(Duration.ofSeconds(4));
        assertThat(PromiseExecutor.fullScanInterval(10_000)).isEqualTo(Duration.ofSeconds(20));
        // with the folders watched, beyond a thousand services
        assertThat(PromiseExecutor.fullScanInterval(1000, true)).isEqualTo(Duration.ofSeconds(2));
        assertThat(PromiseExecutor.fullScanInterval(1001, true)).isEqualTo(Duration.ofMinutes(5));
        assertThat(PromiseExecutor.fullScanInterval(10_000, false)).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void withOverAThousandServicesAndNoWatchAnEditInPlaceWaitsForTheFullScanWhileANewFileIsSeenAtOnce()
            throws Exception {
        TestInstance instance = TestInstance.create(dir, "spread-starts = no");
        for (int i = 0; i < 1001; i++) {
            instance.service(String.format("s%04d", i), "promise = test-fixed");
        }
        PromiseExecutor executor = executor(instance, FolderWatch.none());
        executor.tick();
        assertThat(executor.awaitIdle(WAIT)).isTrue();

        // written in place: the folder's time stays, the file's changes
        Path cfg = instance.service("s0000", "title = Edited in place", "promise = test-fixed");
        Files.setLastModifiedTime(cfg, java.nio.file.attribute.FileTime.fromMillis(
                Files.getLastModifiedTime(cfg).toMillis() + 5000));
        clock.advance(PromiseExecutor.RESCAN_INTERVAL);
        executor.tick();
        assertThat(executor.service("s0000").orElseThrow().title()).isNotEqualTo("Edited in place");
        clock.advance(PromiseExecutor.RESCAN_INTERVAL);
        executor.tick();
        assertThat(executor.service("s0000").orElseThrow().title()).as("at the full scan, 4 s after the last")
                .isEqualTo("Edited in place");

        instance.service("new", "promise = test-fixed");
        clock.advance(PromiseExecutor.RESCAN_INTERVAL);
        executor.tick();
        assertThat(executor.service("new")).as("the folder's time changed").isPresent();
        assertThat(executor.awaitIdle(WAIT)).isTrue();
    }

    @Test
    void withOverAThousandServicesWatchedAnEditInPlaceIsSeenAtOnceUnlessAServiceFileIsALink() throws Exception {
        TestInstance instance = TestInstance.create(dir, "spread-starts = no");
        for (int i = 0; i < 1001; i++) {
            instance.service(String.format("s%04d", i), "promise = test-fixed");
        }
        PromiseExecutor executor = executor(instance);
        executor.tick();
        assertThat(executor.awaitIdle(WAIT)).isTrue();

        // written in place, the folder's time unchanged: told by the watch, long before the 5-minute full scan
        Path cfg = instance.service("s0000", "title = Edited in place", "promise = test-fixed");
        Files.setLastModifiedTime(cfg, java.nio.file.attribute.FileTime.fromMillis(
                Files.getLastModifiedTime(cfg).toMillis() + 5000));
        Instant edited = clock.instant();
        // the JDK's watch thread hands the kernel's event on a moment later: a few turns, 2 s of clock each
        for (int turn = 0; turn < 50 && !"Edited in place".equals(executor.service("s0000").orElseThrow().title());
                turn++) {
            Thread.sleep(100);
            clock.advance(PromiseExecutor.RESCAN_INTERVAL);
            executor.tick();
        }
        assertThat(executor.service("s0000").orElseThrow().title()).isEqualTo("Edited in place");
        assertThat(Duration.between(edited, clock.instant())).isLessThan(PromiseExecutor.WATCHED_FULL_SCAN_INTERVAL);
        assertThat(executor.awaitIdle(WAIT)).isTrue();

        // a service file that is a link: its target's edits are not events of the folder; every file is looked at
        Path target = Files.writeString(dir.resolve("elsewhere.cfg"), "[service]\npromise = test-fixed\n");
        Files.createSymbolicLink(instance.promiseFolder().resolve("linked.cfg"), target);
        clock.advance(PromiseExecutor.RESCAN_INTERVAL);
        executor.tick();
        assertThat(executor.service("linked")).isPresent();
        assertThat(executor.catalogue().linksSeen()).isTrue();
        assertThat(executor.awaitIdle(WAIT)).isTrue();
        Files.writeString(target, "[service]\ntitle = Edited through the link\npromise = test-fixed\n");
        Files.setLastModifiedTime(target, java.nio.file.attribute.FileTime.fromMillis(
                Files.getLastModifiedTime(target).toMillis() + 5000));
        clock.advance(PromiseExecutor.fullScanInterval(1002));
        executor.tick();
        assertThat(executor.service("linked").orElseThrow().title()).as("at the full scan of 1,002 services, 4 s")
                .isEqualTo("Edited through the link");
        assertThat(executor.awaitIdle(WAIT)).isTrue();
    }

    @Test
    void aRemovedServicesStatusFileLeavesThePublicFolderAtTheRescanAndItsJournalStays() throws Exception {
        TestInstance instance = TestInstance.create(dir, "spread-starts = no");
        instance.service("kept", "promise = test-fixed");
        instance.service("gone", "promise = test-fixed");
        PromiseExecutor executor = executor(instance);
        executor.tick();
        assertThat(executor.awaitIdle(WAIT)).isTrue();
        Path journal = instance.monitor().historyFolder().resolve("gone.journal");
        Files.createDirectories(journal.getParent());
        Files.writeString(journal, "");

        Files.delete(instance.promiseFolder().resolve("gone.cfg"));
        clock.advance(PromiseExecutor.RESCAN_INTERVAL);
        executor.tick();

        assertThat(instance.statusFile("gone")).doesNotExist();
        assertThat(instance.statusFile("kept")).exists();
        assertThat(journal).as("kept for history-keep-removed").exists();
    }

    @Test
    void aServiceRemovedDuringItsRunHasItsStatusFileDeletedWhenTheRunEnds() throws Exception {
        TestInstance instance = TestInstance.create(dir, "spread-starts = no");
        Path cfg = instance.service("slow", "frequency = * * * * *");
        Path script = instance.script("slow", "while [ ! -f \"$MONITOR_INSTANCE/go\" ]; do sleep 0.05; done; echo ok");
        Path go = instance.root().resolve("go");
        Files.writeString(go, "");
        PromiseExecutor executor = executor(instance);
        executor.tick();
        assertThat(executor.awaitIdle(WAIT)).isTrue();
        Files.delete(go);
        clock.set(java.time.Instant.parse("2026-11-21T10:01:00Z"));
        executor.tick();
        assertThat(executor.inFlight("slow")).isPresent();

        Files.delete(cfg);
        Files.delete(script); // an executable left alone is a service of its own (the SlapOS way)
        clock.advance(PromiseExecutor.RESCAN_INTERVAL);
        executor.tick();
        Files.writeString(go, "");
        assertThat(executor.awaitIdle(WAIT)).isTrue();

        assertThat(instance.statusFile("slow")).doesNotExist();
    }

    @Test
    void aStatusFileLeftByAServiceRemovedWhileTheExecutorWasStoppedIsDeletedAtStart() throws Exception {
        TestInstance instance = TestInstance.create(dir, "spread-starts = no");
        instance.service("kept", "promise = test-fixed");
        instance.write("srv/monitor/public/gone.status.json", "{}\n");

        PromiseExecutor executor = executor(instance);
        executor.tick();
        assertThat(executor.awaitIdle(WAIT)).isTrue();

        assertThat(instance.statusFile("gone")).doesNotExist();
        assertThat(instance.statusFile("kept")).exists();
    }

    @Test
    void aCfgBrokenWhileRunningShowsErrorAndTheOthersKeepRunning() throws Exception {
        TestInstance instance = TestInstance.create(dir, "spread-starts = no");
        instance.service("good", "promise = test-fixed");
        Path bad = instance.service("fragile", "promise = test-fixed");
        PromiseExecutor executor = executor(instance);
        executor.tick();
        assertThat(executor.awaitIdle(WAIT)).isTrue();

        Files.writeString(bad, "[service]\nfrequency = */61 * * * *\n");
        Files.setLastModifiedTime(bad, java.nio.file.attribute.FileTime.fromMillis(
                Files.getLastModifiedTime(bad).toMillis() + 5000));
        clock.set(java.time.Instant.parse("2026-11-21T10:01:00Z"));
        executor.tick();
        assertThat(executor.awaitIdle(WAIT)).isTrue();

        ServiceStatus broken = status(executor, "fragile").orElseThrow();
        assertThat(broken.status()).isEqualTo(Status.ERROR);
        assertThat(broken.message()).isEqualTo("configuration: " + bad + " line 2: frequency '*/61 * * * *': minute"
                + " must be 0-59 (step 61)");
        assertThat(status(executor, "good").orElseThrow().startDate().toInstant())
                .isEqualTo(java.time.Instant.parse("2026-11-21T10:01:00Z"));
    }

    @Test
    void aMissingOrNonExecutablePromiseIsErrorNamingTheFile() throws Exception {
        TestInstance instance = TestInstance.create(dir, "spread-starts = no");
        instance.service("absent");
        instance.service("plain");
        instance.write("etc/monitor-promise/plain", "#!/bin/sh\necho hi\n");
        PromiseExecutor executor = executor(instance);

        executor.tick();
        assertThat(executor.awaitIdle(WAIT)).isTrue();

        assertThat(status(executor, "absent").orElseThrow().message())
                .contains(instance.promiseFolder().resolve("absent").toString()).contains("does not exist");
        assertThat(status(executor, "plain").orElseThrow().message())
                .contains(instance.promiseFolder().resolve("plain").toString()).contains("not executable");
        assertThat(status(executor, "plain").orElseThrow().status()).isEqualTo(Status.ERROR);
    }

    @Test
    void everyFileTheExecutorWritesMatchesTheSchemas() throws Exception {
        TestInstance instance = TestInstance.create(dir, "spread-starts = no", "monitor-url-list =",
                "  https://other.example.net/monitor");
        instance.service("json-ok");
        instance.script("json-ok", "echo '{\"message\": \"fine\"}'");
        instance.service("nagios-warn", "command = /bin/sh -c 'echo \"DISK WARNING - 91% | used=91%;90;95;0;100\"; exit 1'");
        instance.service("dies", "command = /bin/sh -c 'kill -9 $$'");
        instance.service("built-in", "promise = test-fixed");
        instance.write("etc/monitor-promise/broken.cfg", "[service]\ntimeout = soon\n");
        PromiseExecutor executor = executor(instance);

        executor.tick();
        assertThat(executor.awaitIdle(WAIT)).isTrue();

        Path pub = instance.monitor().publicFolder();
        for (String name : List.of("json-ok", "nagios-warn", "dies", "built-in", "broken")) {
            SchemaCheck.assertValid("status.schema.json", pub.resolve(name + ".status.json"));
        }
        SchemaCheck.assertValid("monitor.haljson.schema.json", instance.monitor().monitorHalJson());
        ServiceStatus warn = status(executor, "nagios-warn").orElseThrow();
        assertThat(warn.status()).isEqualTo(Status.WARNING);
        assertThat(warn.message()).isEqualTo("DISK WARNING - 91%");
        assertThat(warn.perfdata()).hasSize(1);
        assertThat(warn.returncode()).isEqualTo(1);
        assertThat(status(executor, "dies").orElseThrow().status()).isEqualTo(Status.ERROR);
        assertThat(serviceIds(instance.monitor().monitorHalJson()))
                .containsExactly("broken", "built-in", "dies", "json-ok", "nagios-warn");
    }

    @Test
    void aRerunOfAQueuedOrRunningServiceReturnsTheRunUnderWay() throws Exception {
        TestInstance instance = TestInstance.create(dir, "spread-starts = no");
        instance.service("slowish", "timeout = 10s");
        instance.script("slowish", "sleep 1; echo run >> \"$MONITOR_INSTANCE/runs\"; echo '{\"message\": \"ok\"}'");
        PromiseExecutor executor = executor(instance);
        executor.tick();
        assertThat(executor.awaitIdle(WAIT)).isTrue();

        PromiseExecutor.Enqueued first = executor.trigger("slowish", RunReason.RERUN).orElseThrow();
        PromiseExecutor.Enqueued second = executor.trigger("slowish", RunReason.RERUN).orElseThrow();
        first.ticket().done().get();

        assertThat(first.created()).isTrue();
        assertThat(second.created()).isFalse();
        assertThat(second.ticket()).isSameAs(first.ticket());
        assertThat(lines(instance.root().resolve("runs"))).isEqualTo(2);
        assertThat(executor.trigger("nope", RunReason.RERUN)).isEmpty();
    }

    @Test
    void theEnvironmentNamesTheInstanceAndTheService() throws Exception {
        TestInstance instance = TestInstance.create(dir, "spread-starts = no");
        instance.service("env");
        instance.script("env", "echo \"{\\\"message\\\": \\\"$MONITOR_SERVICE in $MONITOR_INSTANCE at $(pwd)\\\"}\"");
        PromiseExecutor executor = executor(instance);

        executor.tick();
        assertThat(executor.awaitIdle(WAIT)).isTrue();

        assertThat(status(executor, "env").orElseThrow().message())
                .isEqualTo("env in " + instance.root() + " at " + instance.root());
    }

    @Test
    void aListenerThatThrowsDoesNotStopTheRunOrTheOtherListeners() throws Exception {
        TestInstance instance = TestInstance.create(dir, "spread-starts = no");
        instance.service("heard", "promise = test-fixed");
        PromiseExecutor executor = executor(instance);
        List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        executor.addListener((outcome, change) -> {
            throw new IllegalStateException("listener bug");
        });
        executor.addListener((outcome, change) -> heard.add(outcome.service() + " " + change.statusChanged()));

        executor.tick();
        assertThat(executor.awaitIdle(WAIT)).isTrue();

        assertThat(heard).containsExactly("heard true");
    }

    private static List<String> serviceIds(Path hal) throws Exception {
        List<String> ids = new ArrayList<>();
        for (JsonNode s : new ObjectMapper().readTree(hal.toFile()).at("/_embedded/service")) {
            ids.add(s.get("id").asText());
        }
        return ids;
    }
}
