package io.promisemonitor.core.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.core.executor.RunReason;
import io.promisemonitor.core.executor.PromiseExecutor;
import io.promisemonitor.core.config.PromiseRegistry;
import io.promisemonitor.core.publish.Schemas;
import io.promisemonitor.core.testing.MutableClock;
import io.promisemonitor.core.testing.SchemaCheck;
import io.promisemonitor.core.testing.TestInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code public/<service>.history.json} as a real executor and dashboard write it, against the shipped schema. */
class HistorySchemaTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.at("2026-11-21T10:00:30Z");

    private static final String VALID = """
            {"id": "web", "title": "Web", "changes": [
            {"id": "0123456789abcdef0123456789abcdef", "kind": "change", "date": "2026-11-21T10:00:00+01:00",
             "status": "ERROR", "previous-status": null, "message": "down"}],
             "runs": [{"date": "2026-11-21T10:00:00+01:00", "status": "ERROR", "message": "down",
             "execution-time": 0.042}]}
            """;

    @Test
    void everyHistoryFileOfARealExecutorIsValidAndTheSchemaIsPublished() throws Exception {
        TestInstance instance = TestInstance.create(dir, "spread-starts = no");
        instance.service("flips", "title = Flips & <flops>");
        instance.script("flips", "if [ -f \"$MONITOR_INSTANCE/up\" ]; then echo '{\"message\": \"up\"}'; exit 0; fi;"
                + " echo 'DOWN - no answer | time=U;1;2'; exit 2");
        instance.service("steady", "frequency = * * * * *");
        instance.script("steady", "echo 'LOAD WARNING - 4.2'; exit 1");
        try (PromiseExecutor executor = new PromiseExecutor(instance.monitor(), clock,
                PromiseRegistry.fromClassPath()); Dashboard dashboard = Dashboard.attach(executor, clock)) {
            PromiseExecutor.prepareFolders(instance.monitor());
            for (int minute = 0; minute < 3; minute++) {
                if (minute == 1) {
                    Files.writeString(instance.root().resolve("up"), "");
                }
                executor.tick();
                assertThat(executor.awaitIdle(WAIT)).isTrue();
                executor.trigger("flips", RunReason.SCHEDULE);
                assertThat(executor.awaitIdle(WAIT)).isTrue();
                clock.advance(Duration.ofMinutes(1));
            }
            dashboard.recordAction("flips", "restarted the flipper (pid 42)");
            dashboard.renderNow();
        }

        List<Path> files;
        try (Stream<Path> list = Files.list(instance.monitor().publicFolder())) {
            files = list.filter(f -> f.getFileName().toString().endsWith(".history.json")).sorted().toList();
        }
        assertThat(files).extracting(f -> f.getFileName().toString())
                .containsExactly("flips.history.json", "steady.history.json");
        assertThat(Files.readString(files.get(0))).contains("\"kind\": \"action\"", "\"kind\": \"change\"");
        files.forEach(f -> SchemaCheck.assertValid(Schemas.HISTORY, f));
        assertThat(Files.readAllBytes(Schemas.folder(instance.monitor()).resolve("history.schema.json")))
                .isEqualTo(Schemas.read(Schemas.HISTORY));
    }

    @Test
    void aHandWrittenHistoryIsValid() {
        assertThat(SchemaCheck.problems(Schemas.HISTORY, VALID)).isEmpty();
    }

    @Test
    void aDateThatIsNoRealDayFailsValidation() {
        String json = VALID.replace("\"date\": \"2026-11-21T10:00:00+01:00\",\n \"status\"",
                "\"date\": \"2026-02-30T10:00:00+01:00\",\n \"status\"");

        assertThat(json).isNotEqualTo(VALID);
        assertThat(SchemaCheck.problems(Schemas.HISTORY, json))
                .containsExactly("$.changes[0].date: does not match the date-time pattern must be a valid RFC 3339"
                        + " date-time");
    }

    @Test
    void aTimeOfTwentyFiveOClockFailsValidation() {
        String json = VALID.replace("\"date\": \"2026-11-21T10:00:00+01:00\", \"status\": \"ERROR\", \"message\"",
                "\"date\": \"2026-11-21T25:00:00+01:00\", \"status\": \"ERROR\", \"message\"");

        assertThat(json).isNotEqualTo(VALID);
        assertThat(SchemaCheck.problems(Schemas.HISTORY, json)).hasSize(1)
                .allSatisfy(p -> assertThat(p).startsWith("$.runs[0].date: does not match the date-time pattern"));
    }

    @Test
    void anUnknownKindOrAMissingRunFieldFailsValidation() {
        String json = VALID.replace("\"kind\": \"change\"", "\"kind\": \"guess\"").replace(",\n \"execution-time\": 0.042",
                "");

        assertThat(SchemaCheck.problems(Schemas.HISTORY, json)).containsExactly(
                "$.changes[0].kind: does not have a value in the enumeration [\"change\", \"action\"]",
                "$.runs[0]: required property 'execution-time' not found");
    }
}
