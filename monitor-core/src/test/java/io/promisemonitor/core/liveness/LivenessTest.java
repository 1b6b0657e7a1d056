package io.promisemonitor.core.liveness;

import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.config.ServiceConfig;
import io.promisemonitor.core.executor.PromiseExecutor;
import io.promisemonitor.core.config.PromiseRegistry;
import io.promisemonitor.core.promise.PromiseResult;
import io.promisemonitor.core.status.ServiceStatus;
import io.promisemonitor.core.testing.MutableClock;
import io.promisemonitor.core.testing.TestConfigs;
import io.promisemonitor.core.testing.TestInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LivenessTest {

    @TempDir
    Path dir;

    private static ServiceStatus startedAt(String instant) {
        return ServiceStatus.builder("disk").result(PromiseResult.ok("fine"))
                .startDate(Instant.parse(instant).atOffset(ZoneOffset.UTC))
                .changeDate(Instant.parse(instant).atOffset(ZoneOffset.UTC)).build();
    }

    @Test
    void aStatusIsStaleOnlyWhenOlderThanTwiceItsPeriodPlusItsTimeout() {
        MonitorConfig monitor = TestConfigs.monitorConfig(dir);
        ServiceConfig everyMinute = TestConfigs.service(monitor, "disk").timeout(Duration.ofSeconds(20)).build();
        ServiceStatus status = startedAt("2026-11-21T10:00:00Z");

        assertThat(Staleness.limit(everyMinute)).isEqualTo(Duration.ofSeconds(140));
        assertThat(Staleness.isStale(status, everyMinute, Instant.parse("2026-11-21T10:02:20Z"))).isFalse();
        assertThat(Staleness.isStale(status, everyMinute, Instant.parse("2026-11-21T10:02:21Z"))).isTrue();
    }

    @Test
    void theExecutorWritesItsHeartbeatAtMostOnceAMinute() throws Exception {
        TestInstance instance = TestInstance.create(dir);
        MutableClock clock = MutableClock.at("2026-11-21T10:00:00Z");
        try (PromiseExecutor executor = new PromiseExecutor(instance.monitor(), clock,
                PromiseRegistry.fromClassPath())) {
            executor.tick();
            Path file = Heartbeat.file(instance.monitor());
            assertThat(Heartbeat.read(instance.monitor())).contains(Instant.parse("2026-11-21T10:00:00Z"));
            Object written = Files.readAttributes(file, "unix:ino").get("ino");

            clock.advance(Duration.ofSeconds(59));
            executor.tick();
            assertThat(Files.readAttributes(file, "unix:ino").get("ino")).isEqualTo(written);
            assertThat(Heartbeat.read(instance.monitor())).contains(Instant.parse("2026-11-21T10:00:00Z"));

            clock.advance(Duration.ofSeconds(1));
            executor.tick();
            assertThat(Heartbeat.read(instance.monitor())).contains(Instant.parse("2026-11-21T10:01:00Z"));
        }
    }

    @Test
    void aHeartbeatIsOldAfterThreeMissedBeats() {
        Instant beat = Instant.parse("2026-11-21T10:00:00Z");

        assertThat(Heartbeat.isOld(beat, beat.plus(Duration.ofMinutes(3)))).isFalse();
        assertThat(Heartbeat.isOld(beat, beat.plus(Duration.ofMinutes(3)).plusSeconds(1))).isTrue();
    }

    @Test
    void aMissingOrCorruptedHeartbeatReadsAsNone() throws Exception {
        MonitorConfig monitor = TestConfigs.monitorConfig(dir);
        assertThat(Heartbeat.read(monitor)).isEmpty();

        Files.createDirectories(monitor.webFolder());
        Files.writeString(Heartbeat.file(monitor), "{\"executor-heartbeat\": \"yesterday\"}");
        assertThat(Heartbeat.read(monitor)).isEmpty();
    }
}
