package io.promisemonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.core.config.InstanceConfig;
import io.promisemonitor.core.config.ServiceConfig;
import io.promisemonitor.core.liveness.Heartbeat;
import io.promisemonitor.core.promise.PromiseResult;
import io.promisemonitor.core.status.StatusStore;
import io.promisemonitor.core.testing.TestInstance;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusStalenessTest {

    @TempDir
    Path dir;

    @Test
    void statusMarksAResultOlderThanTwicePeriodPlusTimeoutAsStaleAndSaysTheExecutorIsNotRunning() {
        TestInstance instance = TestInstance.create(dir);
        instance.service("quiet", "promise = dummy", "timeout = 20s");
        instance.service("fresh", "promise = dummy");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant old = now.minus(Duration.ofMinutes(10));
        InstanceConfig config = InstanceConfig.load(instance.root());
        ServiceConfig quiet = config.services().get("quiet");
        ServiceConfig fresh = config.services().get("fresh");
        StatusStore.of(instance.monitor(), Clock.fixed(old, ZoneOffset.UTC)).record(quiet, PromiseResult.ok("fine"),
                old, Duration.ZERO, null);
        StatusStore.of(instance.monitor(), Clock.fixed(now, ZoneOffset.UTC)).record(fresh, PromiseResult.ok("fine"),
                now, Duration.ZERO, null);
        Heartbeat.write(instance.monitor(), old);

        CliTest.Run run = CliTest.monitor("status", "--instance", instance.root().toString(), "--color", "never");

        String[] lines = run.out().split("\n");
        assertThat(lines[1]).isEqualTo("quiet    OK STALE  10m ago  10m ago   fine");
        assertThat(lines[2]).startsWith("fresh    OK        ");
        assertThat(lines[3]).isEqualTo("executor not running since " + old + " (10m ago)");
        assertThat(run.code()).isEqualTo(1);
    }
}
