package io.promisemonitor.core.executor;

import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.core.promise.Perfdata;
import io.promisemonitor.core.config.PromiseRegistry;
import io.promisemonitor.core.publish.Schemas;
import io.promisemonitor.core.status.ServiceStatus;
import io.promisemonitor.core.testing.MutableClock;
import io.promisemonitor.core.testing.SchemaCheck;
import io.promisemonitor.core.testing.TestInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Nagios plugin's {@code label=U} goes all the way to the status file as a null value, thresholds kept. */
class UnknownPerfdataTest {

    @TempDir
    Path dir;

    @Test
    void anUnknownValueIsWrittenAsNullInAValidStatusFileAndReadBack() throws Exception {
        TestInstance instance = TestInstance.create(dir, "spread-starts = no");
        instance.service("ping", "frequency = @yearly");
        instance.script("ping", "echo 'PING UNKNOWN - no reply | rta=U;100;200;0; pl=100%'; exit 3");
        try (PromiseExecutor executor = new PromiseExecutor(instance.monitor(), MutableClock.at("2026-11-21T10:00:30Z"),
                PromiseRegistry.fromClassPath())) {
            PromiseExecutor.prepareFolders(instance.monitor());
            executor.tick();
            assertThat(executor.awaitIdle(Duration.ofSeconds(20))).isTrue();

            ServiceStatus status = executor.runner().store().read("ping").orElseThrow();

            assertThat(status.perfdata()).containsExactly(new Perfdata("rta", Double.NaN, "", "100", "200", "0", null),
                    Perfdata.of("pl", 100, "%"));
        }
        assertThat(Files.readString(instance.statusFile("ping"))).contains("  \"perfdata\": [\n"
                + "    {\n      \"label\": \"rta\",\n      \"value\": null,\n      \"unit\": \"\",\n"
                + "      \"warn\": \"100\",\n      \"crit\": \"200\",\n      \"min\": \"0\"\n    },\n");
        SchemaCheck.assertValid(Schemas.STATUS, instance.statusFile("ping"));
    }
}
