package io.promisemonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.core.config.InstanceConfig;
import io.promisemonitor.core.config.ServiceConfig;
import io.promisemonitor.core.promise.Status;
import io.promisemonitor.core.status.ServiceStatus;
import io.promisemonitor.core.status.StatusStore;
import io.promisemonitor.core.testing.MutableClock;
import io.promisemonitor.core.testing.TestInstance;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code run-due} under a wall clock set back, and in the zone monitor.conf names. */
class CronModeTimeTest {

    @TempDir
    java.nio.file.Path dir;

    private static Optional<ServiceStatus> ranAt(String instant) {
        return Optional.of(ServiceStatus.builder("s").status(Status.OK).message("ok")
                .startDate(Instant.parse(instant).atOffset(ZoneOffset.UTC))
                .changeDate(Instant.parse(instant).atOffset(ZoneOffset.UTC)).build());
    }

    @Test
    void afterTheWallClockIsSetBackAServiceIsDueAtItsNextFiringInTheNewTime() {
        TestInstance instance = TestInstance.create(dir);
        instance.service("minutely", "promise = dummy");
        instance.service("every5", "frequency = */5 * * * *", "promise = dummy");
        InstanceConfig config = InstanceConfig.load(instance.root());
        ServiceConfig minutely = config.services().get("minutely");
        ServiceConfig every5 = config.services().get("every5");
        // both last ran at 10:01; the clock was then set back to 09:51
        Optional<ServiceStatus> last = ranAt("2026-12-04T10:01:00.400Z");

        assertThat(DueServices.isDue(minutely, last, Instant.parse("2026-12-04T09:52:00.300Z"), ZoneOffset.UTC))
                .isTrue();
        assertThat(DueServices.isDue(every5, last, Instant.parse("2026-12-04T09:52:00.300Z"), ZoneOffset.UTC))
                .isFalse();
        assertThat(DueServices.isDue(every5, last, Instant.parse("2026-12-04T09:55:00.300Z"), ZoneOffset.UTC))
                .isTrue();
    }

    @Test
    void runDueReadsTheScheduleInTheTimeZoneOfMonitorConf() {
        TestInstance instance = TestInstance.create(dir, "timezone = Europe/Paris");
        instance.service("nightly", "frequency = 30 2 * * *", "promise = dummy");
        MutableClock clock = MutableClock.at(Instant.parse("2026-03-28T12:00:00.300Z"), ZoneOffset.UTC);
        assertThat(runDue(instance, clock)).isZero();

        // 02:30 does not exist in Paris on 2026-03-29; 01:30Z is 03:30 CEST, after the change at 01:00Z
        clock.set(Instant.parse("2026-03-29T00:59:00.300Z"));
        assertThat(runDue(instance, clock)).isZero();
        assertThat(started(instance)).isEqualTo(Instant.parse("2026-03-28T12:00:00Z"));
        clock.set(Instant.parse("2026-03-29T01:00:00.300Z"));
        assertThat(runDue(instance, clock)).isZero();
        assertThat(started(instance)).isEqualTo(Instant.parse("2026-03-29T01:00:00Z"));
    }

    private static int runDue(TestInstance instance, MutableClock clock) {
        return new CommandLine(new RunDueCommand(clock)).execute("--instance", instance.root().toString());
    }

    private static Instant started(TestInstance instance) {
        return StatusStore.of(instance.monitor(), java.time.Clock.systemUTC()).read("nightly").orElseThrow()
                .startDate().toInstant();
    }
}
