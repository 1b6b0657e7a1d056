package io.promisemonitor.core.executor;

import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.core.liveness.Heartbeat;
import io.promisemonitor.core.liveness.Staleness;
import io.promisemonitor.core.config.PromiseRegistry;
import io.promisemonitor.core.status.ServiceStatus;
import io.promisemonitor.core.testing.MutableClock;
import io.promisemonitor.core.testing.TestInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The executor under a wall clock someone changes, and across daylight-saving changes. */
class ExecutorTimeTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private MutableClock clock = MutableClock.at("2026-11-21T10:00:30Z");
    private final List<PromiseExecutor> executors = new ArrayList<>();
    private final List<String> logged = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            synchronized (logged) {
                logged.add(r.getMessage());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        Logger.getLogger("io.promisemonitor.executor").addHandler(capture);
    }

    @AfterEach
    void stop() {
        Logger.getLogger("io.promisemonitor.executor").removeHandler(capture);
        executors.forEach(PromiseExecutor::close);
    }

    private PromiseExecutor executor(TestInstance instance) {
        PromiseExecutor executor = new PromiseExecutor(instance.monitor(), clock, PromiseRegistry.fromClassPath(),
                clock::monotonicNanos);
        PromiseExecutor.prepareFolders(instance.monitor());
        executors.add(executor);
        return executor;
    }

    /** Ticks at {@code at} and returns the runs each service counted, as "name=count" lines. */
    private List<String> tickAt(PromiseExecutor executor, TestInstance instance, String at) throws Exception {
        clock.set(Instant.parse(at));
        return tick(executor, instance);
    }

    private List<String> tick(PromiseExecutor executor, TestInstance instance) throws Exception {
        executor.tick();
        assertThat(executor.awaitIdle(WAIT)).isTrue();
        Path runs = instance.root().resolve("runs");
        return Files.exists(runs) ? Files.readAllLines(runs) : List.of();
    }

    private static void counting(TestInstance instance, String service, String... cfg) {
        instance.service(service, cfg);
        instance.script(service, "echo " + service + " >> \"$MONITOR_INSTANCE/runs\"; echo '{\"message\": \"ok\"}'");
    }

    private List<String> jumpLogLines() {
        synchronized (logged) {
            return logged.stream().filter(m -> m.startsWith("the wall clock jumped")).toList();
        }
    }

    @Test
    void firingsWhoseRunStillWaitsForASlotAreServedByItAndSaidInOneLineWhileARunningOneIsWarnedOf() throws Exception {
        TestInstance instance = TestInstance.create(dir, "spread-starts = no", "concurrency = 1");
        // "a-slow" holds the only slot until the test lets it go (20 s at most)
        instance.service("a-slow", "frequency = * * * * *");
        instance.script("a-slow", "i=0; while [ ! -e \"$MONITOR_INSTANCE/go\" ] && [ $i -lt 400 ]; do sleep 0.05;"
                + " i=$((i+1)); done; echo '{\"message\": \"ok\"}'");
        counting(instance, "first", "frequency = * * * * *");
        counting(instance, "second", "frequency = * * * * *");
        PromiseExecutor executor = executor(instance);
        try {
            executor.tick();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (executor.inFlight("a-slow").map(t -> t.startedAt() == null).orElse(true)) {
                assertThat(System.nanoTime()).as("a-slow started").isLessThan(deadline);
                Thread.onSpinWait();
            }
            assertThat(executor.inFlight("first").orElseThrow().startedAt()).isNull();

            clock.set(Instant.parse("2026-11-21T10:01:00Z"));
            executor.tick();
            clock.set(Instant.parse("2026-11-21T10:02:00Z"));
            executor.tick();
        } finally {
            Files.writeString(instance.root().resolve("go"), "");
        }
        assertThat(executor.awaitIdle(WAIT)).isTrue();

        synchronized (logged) {
            assertThat(logged.stream().filter(m -> m.contains("firing")).toList()).containsExactly(
                    "a-slow: still running, this firing skipped",
                    "2 firings came while their service's run still waited for one of the 1 slots (concurrency):"
                            + " each such run starts after its firing and stands for it",
                    "a-slow: still running, this firing skipped",
                    "2 firings came while their service's run still waited for one of the 1 slots (concurrency):"
                            + " each such run starts after its firing and stands for it");
        }
        // each queued run served its firings: one run each, the start-up one
        assertThat(Files.readAllLines(instance.root().resolve("runs"))).containsExactlyInAnyOrder("first", "second");
    }

    /** {@code service}'s script: ERROR at its runs number {@code a} and {@code b}, OK otherwise ("fine N"). */
    private static void failingOnRuns(TestInstance instance, String service, int a, int b) {
        instance.script(service, "n=$(cat \"$MONITOR_INSTANCE/n\" 2>/dev/null || echo 0); n=$((n+1));"
                + " echo $n > \"$MONITOR_INSTANCE/n\"; if [ $n -eq " + a + " ] || [ $n -eq " + b + " ]; then"
                + " echo '{\"message\": \"broken '$n'\", \"status\": \"ERROR\"}'; exit 1; fi;"
                + " echo '{\"message\": \"fine '$n'\"}'");
    }

    /** A start-up run, then one at each of the next four minutes. */
    private void runFiveTimes(TestInstance instance) throws Exception {
        PromiseExecutor executor = executor(instance);
        tick(executor, instance);
        for (String minute : List.of("01", "02", "03", "04")) {
            tickAt(executor, instance, "2026-11-21T10:" + minute + ":00Z");
        }
    }

    @Test
    void withLogRunsProblemsOnlyFirstResultsChangesAndResultsNotOkGetALine() throws Exception {
        TestInstance instance = TestInstance.create(dir, "spread-starts = no", "log-runs = problems");
        // OK, OK, then ERROR twice, then OK again: the state file counts the runs
        instance.service("flappy", "frequency = * * * * *");
        failingOnRuns(instance, "flappy", 3, 4);
        runFiveTimes(instance);
        assertThat(Files.readString(instance.root().resolve("n")).strip()).isEqualTo("5");
        synchronized (logged) {
            assertThat(logged.stream().filter(m -> m.startsWith("flappy: ")).map(m -> m.replaceAll(" in [0-9.]+s:",
                    " in Ts:")).toList()).containsExactly("flappy: OK in Ts: fine 1", "flappy: ERROR in Ts: broken 3",
                    "flappy: ERROR in Ts: broken 4", "flappy: OK in Ts: fine 5");
        }
    }

    @Test
    void withLogRunsProblemsAFailureNotYetConfirmedGetsItsLine() throws Exception {
        TestInstance instance = TestInstance.create(dir, "spread-starts = no", "log-runs = problems");
        // OK, then ERROR twice (the first not yet confirmed: failures-before-bad = 2), then OK twice
        instance.service("careful", "frequency = * * * * *", "failures-before-bad = 2");
        failingOnRuns(instance, "careful", 2, 3);
        runFiveTimes(instance);
        synchronized (logged) {
            List<String> lines = logged.stream().filter(m -> m.startsWith("careful: ")).toList();
            assertThat(lines).hasSize(4);
            assertThat(lines.get(0)).startsWith("careful: OK in ").endsWith(": fine 1");
            assertThat(lines.get(1)).startsWith("careful: OK (ERROR unconfirmed, ").endsWith(": broken 2");
            assertThat(lines.get(2)).startsWith("careful: ERROR in ").endsWith(": broken 3");
            assertThat(lines.get(3)).startsWith("careful: OK in ").endsWith(": fine 4");
        }
    }

    @Test
    void afterTheWallClockJumpsBackServicesRunAtTheirNextFiringInTheNewTime() throws Exception {
        TestInstance instance = TestInstance.create(dir, "spread-starts = no");
        counting(instance, "minutely", "frequency = * * * * *");
        PromiseExecutor executor = executor(instance);
        assertThat(tick(executor, instance)).containsExactly("minutely");
        assertThat(tickAt(executor, instance, "2026-11-21T10:01:00Z")).hasSize(2);

        clock.jump(Duration.ofMinutes(-10));
        assertThat(tick(executor, instance)).hasSize(2);
        assertThat(tickAt(executor, instance, "2026-11-21T09:51:59Z")).hasSize(2);
        assertThat(tickAt(executor, instance, "2026-11-21T09:52:00Z")).hasSize(3);
        assertThat(tickAt(executor, instance, "2026-11-21T09:53:00Z")).hasSize(4);

        assertThat(jumpLogLines()).containsExactly("the wall clock jumped back by 10m, to 2026-11-21T09:51:00Z;"
                + " every service waits for its next firing from now");
    }

    @Test
    void afterTheWallClockJumpsBackTheRescanAndTheHeartbeatGoOn() throws Exception {
        TestInstance instance = TestInstance.create(dir, "spread-starts = no");
        counting(instance, "first", "frequency = @hourly");
        PromiseExecutor executor = executor(instance);
        assertThat(tick(executor, instance)).containsExactly("first");

        clock.jump(Duration.ofMinutes(-10));
        counting(instance, "added", "frequency = @hourly");
        assertThat(tick(executor, instance)).containsExactly("first", "added");
        assertThat(Heartbeat.read(instance.monitor())).contains(Instant.parse("2026-11-21T09:50:30Z"));
    }

    @Test
    void afterTheWallClockJumpsForwardMissedFiringsAreNotCaughtUp() throws Exception {
        TestInstance instance = TestInstance.create(dir, "spread-starts = no");
        counting(instance, "minutely", "frequency = * * * * *");
        counting(instance, "hourly", "frequency = @hourly");
        PromiseExecutor executor = executor(instance);
        assertThat(tick(executor, instance)).containsExactlyInAnyOrder("minutely", "hourly");

        clock.jump(Duration.ofMinutes(70));
        assertThat(tick(executor, instance)).hasSize(2);
        assertThat(tickAt(executor, instance, "2026-11-21T11:11:00Z")).containsExactlyInAnyOrder("minutely", "hourly",
                "minutely");
        assertThat(tickAt(executor, instance, "2026-11-21T12:00:00Z")).hasSize(5);
        assertThat(jumpLogLines()).hasSize(1);
    }

    @Test
    void afterAShortForwardJumpTheFiringItSkippedRunsOnce() throws Exception {
        TestInstance instance = TestInstance.create(dir, "spread-starts = no");
        counting(instance, "minutely", "frequency = * * * * *");
        PromiseExecutor executor = executor(instance);
        assertThat(tick(executor, instance)).hasSize(1);

        // 10:00:30 to 10:01:10: the firing of 10:01 was skipped
        clock.jump(Duration.ofSeconds(40));
        assertThat(tick(executor, instance)).hasSize(2);
        assertThat(tickAt(executor, instance, "2026-11-21T10:01:59Z")).hasSize(2);
        assertThat(tickAt(executor, instance, "2026-11-21T10:02:00Z")).hasSize(3);
        assertThat(jumpLogLines()).containsExactly("the wall clock jumped forward by 40s, to 2026-11-21T10:01:10Z;"
                + " the firings it skipped run now, once each");
    }

    @Test
    void timeSimplyPassingIsNoJump() throws Exception {
        TestInstance instance = TestInstance.create(dir, "spread-starts = no");
        counting(instance, "minutely", "frequency = * * * * *");
        PromiseExecutor executor = executor(instance);
        tick(executor, instance);

        clock.advance(Duration.ofMinutes(70));
        assertThat(tick(executor, instance)).hasSize(2);
        assertThat(jumpLogLines()).isEmpty();
    }

    @Test
    void aFixedTimeJobInTheHourSkippedInParisRunsRightAfterTheChange() throws Exception {
        clock = MutableClock.at(Instant.parse("2026-03-28T23:00:00Z"), ZoneOffset.UTC);
        TestInstance instance = TestInstance.create(dir, "spread-starts = no", "timezone = Europe/Paris");
        counting(instance, "nightly", "frequency = 30 2 * * *");
        PromiseExecutor executor = executor(instance);
        assertThat(tick(executor, instance)).hasSize(1);

        // 02:30 does not exist on 2026-03-29: 02:00 CET is 03:00 CEST, at 01:00Z
        assertThat(tickAt(executor, instance, "2026-03-29T00:59:59Z")).hasSize(1);
        assertThat(tickAt(executor, instance, "2026-03-29T01:00:00Z")).hasSize(2);
        assertThat(tickAt(executor, instance, "2026-03-30T00:29:59Z")).hasSize(2);
        assertThat(tickAt(executor, instance, "2026-03-30T00:30:00Z")).hasSize(3);
    }

    @Test
    void aFixedTimeJobInTheHourRepeatedInParisRunsOnceAndAStepJobTwice() throws Exception {
        clock = MutableClock.at(Instant.parse("2026-10-24T22:00:00Z"), ZoneOffset.UTC);
        TestInstance instance = TestInstance.create(dir, "spread-starts = no", "timezone = Europe/Paris");
        counting(instance, "nightly", "frequency = 30 2 * * *");
        counting(instance, "half-hourly", "frequency = */30 * * * *");
        PromiseExecutor executor = executor(instance);
        tick(executor, instance);
        List<String> seen = new ArrayList<>();
        // every minute from 00:00 CEST to 04:00 CET: 02:00-02:59 comes twice
        for (int i = 1; i <= 300; i++) {
            clock.advance(Duration.ofMinutes(1));
            seen = tick(executor, instance);
        }

        assertThat(seen.stream().filter("nightly"::equals)).hasSize(2);
        // 00:30, 01:00, 01:30, 02:00, 02:30, 02:00, 02:30, 03:00, 03:30, 04:00 and the start-up run
        assertThat(seen.stream().filter("half-hourly"::equals)).hasSize(11);
    }

    @Test
    void aYearlyServiceIsNeitherRerunAtARestartNorStaleAfterItsRun() throws Exception {
        TestInstance instance = TestInstance.create(dir, "spread-starts = no");
        counting(instance, "annual", "frequency = @yearly");
        PromiseExecutor first = executor(instance);
        assertThat(tick(first, instance)).hasSize(1);
        first.close();

        clock.advance(Duration.ofMinutes(5));
        PromiseExecutor second = executor(instance);
        assertThat(tick(second, instance)).hasSize(1);

        ServiceStatus status = second.runner().store().read("annual").orElseThrow();
        assertThat(Staleness.isStale(status, second.service("annual").orElseThrow(), clock.instant())).isFalse();
    }
}
