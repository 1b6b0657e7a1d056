package io.promisemonitor.core.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.promise.Perfdata;
import io.promisemonitor.core.promise.PromiseResult;
import io.promisemonitor.core.promise.Status;
import io.promisemonitor.core.publish.Schemas;
import io.promisemonitor.core.testing.MutableClock;
import io.promisemonitor.core.testing.SchemaCheck;
import io.promisemonitor.core.testing.TestConfigs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StatusStoreTest {

    @TempDir
    Path instance;

    private MonitorConfig config;
    private MutableClock clock;
    private StatusStore store;

    @BeforeEach
    void setUp() {
        config = TestConfigs.monitorConfig(instance);
        clock = MutableClock.at("2026-11-21T19:42:00Z");
        store = StatusStore.of(config, clock);
    }

    private StatusChange run(String name, PromiseResult result) {
        return store.record(name, "Title of " + name, result, clock.instant(), Duration.ofMillis(42), 0);
    }

    @Test
    void theWarmUpOfACronLineWritesAStatusAndReadsItBackWithoutTouchingAnyFile() throws Exception {
        List<Path> before;
        try (var files = Files.walk(instance)) {
            before = files.toList();
        }
        StatusStore.warmUp();
        try (var files = Files.walk(instance)) {
            assertThat(files.toList()).isEqualTo(before);
        }
    }

    @Test
    void aFirstRunWritesTheWholeStatusWithItsStartAsChangeDate() throws IOException {
        StatusChange change = store.record(TestConfigs.service(config, "disk").title("Disk space").build(),
                PromiseResult.warning("/srv at 91%").withDetails("second line")
                        .withPerfdata(List.of(new Perfdata("used", 91.5, "%", "80", "90", "0", "100"))),
                clock.instant(), Duration.ofMillis(1234), 1);

        assertThat(change.written()).isTrue();
        assertThat(change.statusChanged()).isTrue();
        assertThat(change.previous()).isEmpty();
        assertThat(Files.readString(config.publicFolder().resolve("disk.status.json"))).isEqualTo("""
                {
                  "id": "disk",
                  "title": "Disk space",
                  "status": "WARNING",
                  "message": "/srv at 91%",
                  "details": "second line",
                  "start-date": "2026-11-21T19:42:00+00:00",
                  "change-date": "2026-11-21T19:42:00+00:00",
                  "change-time": 1795290120,
                  "valid-until": "2026-11-21T19:44:20+00:00",
                  "execution-time": 1.234,
                  "returncode": 1,
                  "perfdata": [
                    {
                      "label": "used",
                      "value": 91.5,
                      "unit": "%",
                      "warn": "80",
                      "crit": "90",
                      "min": "0",
                      "max": "100"
                    }
                  ],
                  "_links": {
                    "self": {
                      "href": "disk.status.json"
                    },
                    "monitor": {
                      "href": "../monitor.haljson"
                    }
                  }
                }
                """);
        SchemaCheck.assertValid(Schemas.STATUS, store.statusFile("disk"));
    }

    @Test
    void theChangeDateStaysWhileTheStatusStaysTheSame() {
        run("web", PromiseResult.error("down"));
        clock.advance(Duration.ofMinutes(5));
        StatusChange second = run("web", PromiseResult.error("still down"));

        assertThat(second.statusChanged()).isFalse();
        assertThat(second.current().changeDate()).isEqualTo(OffsetDateTime.parse("2026-11-21T19:42:00Z"));
        assertThat(second.current().startDate()).isEqualTo(OffsetDateTime.parse("2026-11-21T19:47:00Z"));
        assertThat(second.current().message()).isEqualTo("still down");
    }

    @Test
    void theChangeDateMovesToTheStartOfTheRunThatChangedTheStatus() {
        run("web", PromiseResult.ok("up"));
        clock.advance(Duration.ofMinutes(3));
        StatusChange second = run("web", PromiseResult.error("down"));

        assertThat(second.statusChanged()).isTrue();
        assertThat(second.previousStatus()).contains(Status.OK);
        assertThat(second.current().changeDate()).isEqualTo(OffsetDateTime.parse("2026-11-21T19:45:00Z"));
        assertThat(store.read("web").orElseThrow().changeDate()).isEqualTo(second.current().changeDate());
    }

    @Test
    void aStatusWrittenByAnotherProcessBetweenTwoRunsIsTheNextRunsPreviousStatus() {
        run("web", PromiseResult.ok("up"));
        clock.advance(Duration.ofMinutes(1));
        // `monitor run-promise web` in another process: its own store writes the file
        StatusStore.of(config, clock).record("web", "Title of web", PromiseResult.error("down"), clock.instant(),
                Duration.ofMillis(5), 2);
        clock.advance(Duration.ofMinutes(1));

        StatusChange third = run("web", PromiseResult.error("still down"));

        assertThat(third.previousStatus()).contains(Status.ERROR);
        assertThat(third.statusChanged()).isFalse();
        assertThat(third.current().changeDate()).isEqualTo(OffsetDateTime.parse("2026-11-21T19:43:00Z"));
    }

    @Test
    void aStatusFileDeletedBetweenTwoRunsMakesTheNextRunAFirstOne() throws IOException {
        run("web", PromiseResult.error("down"));
        Files.delete(config.publicFolder().resolve("web.status.json"));
        clock.advance(Duration.ofMinutes(1));

        StatusChange second = run("web", PromiseResult.error("still down"));

        assertThat(second.previous()).isEmpty();
        assertThat(second.current().changeDate()).isEqualTo(OffsetDateTime.parse("2026-11-21T19:43:00Z"));
        assertThat(config.publicFolder().resolve("web.status.json")).exists();
    }

    @Test
    void recordedServicesAreTheNamesOfTheStatusFiles() throws IOException {
        run("web", PromiseResult.ok("up"));
        run("disk", PromiseResult.ok("fine"));
        Files.writeString(config.publicFolder().resolve("notes.txt"), "not a status");

        assertThat(store.recordedServices()).containsExactlyInAnyOrder("web", "disk");
        assertThat(StatusStore.of(TestConfigs.monitorConfig(instance.resolve("elsewhere")), clock)
                .recordedServices()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{not json", "[]", "{\"id\":\"web\",\"status\":\"OK\"}",
        "{\"id\":\"web\",\"title\":\"t\",\"status\":\"BAD\",\"message\":\"m\","
            + "\"start-date\":\"2026-11-21T19:00:00+00:00\",\"change-date\":\"2026-11-21T19:00:00+00:00\"}",
        "{\"id\":\"web\",\"title\":\"t\",\"status\":\"ERROR\",\"message\":\"m\","
            + "\"start-date\":\"yesterday\",\"change-date\":\"2026-11-21T19:00:00+00:00\"}"})
    void anEmptyOrCorruptedPreviousFileCountsAsNoPreviousStatus(String oldContent) throws IOException {
        Files.createDirectories(config.publicFolder());
        Files.writeString(store.statusFile("web"), oldContent);

        StatusChange change = run("web", PromiseResult.error("down"));

        assertThat(change.previous()).isEmpty();
        assertThat(change.statusChanged()).isTrue();
        assertThat(change.current().changeDate()).isEqualTo(OffsetDateTime.parse("2026-11-21T19:42:00Z"));
        SchemaCheck.assertValid(Schemas.STATUS, store.statusFile("web"));
    }

    @Test
    void aSlapOsFileWithOnlyChangeTimeStillGivesTheFailingSinceDate() throws IOException {
        Files.createDirectories(config.publicFolder());
        Files.writeString(store.statusFile("web"), "{\"id\":\"web\",\"title\":\"t\",\"status\":\"ERROR\","
                + "\"message\":\"m\",\"start-date\":\"2026-11-21T19:00:00+00:00\",\"change-time\":1795287600}");

        StatusChange change = run("web", PromiseResult.error("down"));

        assertThat(change.current().changeDate()).isEqualTo(OffsetDateTime.parse("2026-11-21T19:00:00Z"));
    }

    @Test
    void datesAreWrittenInTheClocksZoneWithAnOffset() throws IOException {
        clock = MutableClock.at(Instant.parse("2026-07-01T10:00:00Z"), ZoneId.of("Europe/Paris"));
        store = StatusStore.of(config, clock);

        run("web", PromiseResult.ok("up"));

        assertThat(Files.readString(store.statusFile("web")))
                .contains("\"start-date\": \"2026-07-01T12:00:00+02:00\"",
                        "\"change-date\": \"2026-07-01T12:00:00+02:00\"",
                        "\"change-time\": 1782900000");
    }

    @Test
    void recordingTheSameRunTwiceLeavesTheFileUntouched() throws IOException {
        run("web", PromiseResult.ok("up"));
        Path file = store.statusFile("web");
        Files.setLastModifiedTime(file, FileTime.fromMillis(0));
        Object inode = Files.readAttributes(file, "unix:ino").get("ino");

        StatusChange again = run("web", PromiseResult.ok("up"));

        assertThat(again.written()).isFalse();
        assertThat(Files.getLastModifiedTime(file)).isEqualTo(FileTime.fromMillis(0));
        assertThat(Files.readAttributes(file, "unix:ino").get("ino")).isEqualTo(inode);
    }

    @Test
    void aBuiltInWritesANullReturncode() throws IOException {
        store.record("builtin", "Built-in", PromiseResult.ok("fine"), clock.instant(), Duration.ZERO, null);

        assertThat(Files.readString(store.statusFile("builtin"))).contains("\"returncode\": null,");
        assertThat(store.read("builtin").orElseThrow().returncode()).isNull();
        SchemaCheck.assertValid(Schemas.STATUS, store.statusFile("builtin"));
    }

    @Test
    void whatIsWrittenIsReadBackEqual() {
        StatusChange change = run("web", PromiseResult.ok("up").withPerfdata(List.of(Perfdata.of("time", 0.25, "s"),
                Perfdata.of("nan", Double.NaN, ""))));

        assertThat(store.read("web")).contains(change.current());
    }

    @Test
    void aValueThatIsNotAFiniteNumberIsWrittenAsNull() throws IOException {
        run("web", PromiseResult.ok("up").withPerfdata(List.of(Perfdata.of("load", Double.POSITIVE_INFINITY, ""))));

        assertThat(Files.readString(store.statusFile("web"))).contains("\"value\": null,");
        SchemaCheck.assertValid(Schemas.STATUS, store.statusFile("web"));
    }

    @Test
    void theMonitorLinkIsAbsoluteWhenTheBaseUrlIsKnown() {
        store = StatusStore.of(TestConfigs.monitor(instance).baseUrl("https://box.example/monitor").build(), clock);

        StatusChange change = run("my web", PromiseResult.ok("up"));

        assertThat(change.current().links()).containsExactly(
                java.util.Map.entry("self", "my%20web.status.json"),
                java.util.Map.entry("monitor", "https://box.example/monitor/monitor.haljson"));
    }

    @Test
    void readAllListsTheReadableStatusesSortedByIdAndSkipsTheOthers() throws IOException {
        run("web", PromiseResult.ok("up"));
        run("db", PromiseResult.error("down"));
        Files.writeString(config.publicFolder().resolve("broken.status.json"), "{", StandardCharsets.UTF_8);
        Files.writeString(config.publicFolder().resolve("notes.txt"), "hello", StandardCharsets.UTF_8);

        assertThat(store.readAll()).extracting(ServiceStatus::id, ServiceStatus::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("db", Status.ERROR),
                        org.assertj.core.groups.Tuple.tuple("web", Status.OK));
    }

    @Test
    void readAllOfAMissingPublicFolderIsEmpty() {
        assertThat(store.readAll()).isEmpty();
    }

    @Test
    void aFileNamedForOneServiceButHoldingAnothersStatusIsNotItsPreviousStatus() throws IOException {
        run("db", PromiseResult.error("down"));
        Files.copy(store.statusFile("db"), store.statusFile("web"));

        assertThat(store.read("web")).isEmpty();
        assertThat(store.readAll()).extracting(ServiceStatus::id).containsExactly("db");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../etc", "a/b", "..", ".", ""})
    void aServiceNameThatIsNotAPlainFileNameIsRefused(String name) {
        assertThatThrownBy(() -> store.statusFile(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("service name '" + name + "': must be a file name without '/', control characters,"
                        + " '.' or '..'");
    }

    @Test
    void whatKeepsAResultQuietIsWrittenBesideTheStatusReadBackAndValidAgainstTheSchema() throws IOException {
        Quieting q = new Quieting(OffsetDateTime.parse("2026-11-21T21:00:00Z"), "moving the database", Status.OK,
                List.of("db", "cache"), "2/3", Status.ERROR, true);
        StatusChange change = store.record("web", "Web", PromiseResult.error("down"), clock.instant(),
                Duration.ofMillis(5), 2, (previous, result) -> new Judge.Judgement(result.withStatus(Status.OK), q,
                        List.of()));

        String json = Files.readString(config.publicFolder().resolve("web.status.json"));
        assertThat(json).contains("""
                  "message": "down",
                  "silenced-until": "2026-11-21T21:00:00+00:00",
                  "silence-reason": "moving the database",
                  "status-before-silence": "OK",
                  "blocked-by": [
                    "db",
                    "cache"
                  ],
                  "attempt": "2/3",
                  "attempt-status": "ERROR",
                  "flapping": true,
                  "start-date": "2026-11-21T19:42:00+00:00",
                """).contains("\"status\": \"OK\"");
        assertThat(store.read("web")).contains(change.current());
        assertThat(store.read("web").orElseThrow().quieting()).isEqualTo(q);
        assertThat(SchemaCheck.problems(Schemas.STATUS, json)).isEmpty();
        run("plain", PromiseResult.ok("fine"));
        assertThat(Files.readString(config.publicFolder().resolve("plain.status.json"))).doesNotContain("silenced",
                "blocked", "attempt", "flapping");
        assertThat(store.read("plain").orElseThrow().quieting()).isSameAs(Quieting.NONE);
    }
}
