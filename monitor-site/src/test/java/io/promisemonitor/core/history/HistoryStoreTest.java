package io.promisemonitor.core.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promisemonitor.core.promise.PromiseResult;
import io.promisemonitor.core.promise.Status;
import io.promisemonitor.core.status.Quieting;
import io.promisemonitor.core.status.ServiceStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryStoreTest {

    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    @TempDir
    Path dir;

    private HistoryStore open(int runs, int events) {
        return HistoryStore.open(dir.resolve("state/history"), dir.resolve("public"), ZoneOffset.UTC,
                "https://box.example/", runs, events, 100);
    }

    private Instant at(int minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    /** Records a run of {@code service} at {@code minutes} after T0, the way StatusStore decides a change. */
    private static Optional<HistoryEvent> run(HistoryStore store, String service, Instant start, Status status,
            String message) {
        Optional<ServiceHistory> h = store.history(service);
        List<RunEntry> last = h.map(x -> x.lastRuns(1)).orElse(List.of());
        Optional<Status> previous = last.isEmpty() ? Optional.empty() : Optional.of(last.get(0).status());
        boolean changed = previous.map(p -> p != status).orElse(true);
        Instant changeDate = changed ? start : h.get().events().get(h.get().events().size() - 1).time();
        ServiceStatus s = ServiceStatus.builder(service).title("Disk space").result(PromiseResult.of(status, message))
                .startDate(start.atOffset(ZoneOffset.UTC)).changeDate(changeDate.atOffset(ZoneOffset.UTC))
                .executionTime(Duration.ofMillis(120)).build();
        return store.recordRun(s, changed, previous);
    }

    private static long lines(Path file) throws Exception {
        return Files.readAllLines(file).size();
    }

    @Test
    void runsAndChangesAreKeptAcrossARestartWithTheSameEventIds() {
        HistoryStore first = open(1000, 200);
        HistoryEvent down = run(first, "disk", at(0), Status.OK, "fine").orElseThrow();
        run(first, "disk", at(1), Status.OK, "fine");
        HistoryEvent up = run(first, "disk", at(2), Status.ERROR, "full").orElseThrow();

        HistoryStore second = open(1000, 200);

        ServiceHistory h = second.history("disk").orElseThrow();
        assertThat(h.runs()).extracting(RunEntry::status).containsExactly(Status.OK, Status.OK, Status.ERROR);
        assertThat(h.events()).containsExactly(down, up);
        assertThat(second.recentEvents()).containsExactly(up, down);
        assertThat(h.title()).isEqualTo("Disk space");
    }

    @Test
    void runsAnotherProcessAppendedAreReadBeforeTheNextAppendAndSurviveACompaction() throws Exception {
        HistoryStore executor = open(3, 2);
        run(executor, "disk", at(0), Status.OK, "fine");
        HistoryStore runPromise = open(3, 2);
        run(runPromise, "disk", at(1), Status.ERROR, "full");

        // as the status file told the executor: ERROR before, so no change; the journal reaches twice what is
        // kept (10 lines) and is rewritten from memory
        for (int minute = 2; minute <= 8; minute++) {
            ServiceStatus s = ServiceStatus.builder("disk").title("Disk space")
                    .result(PromiseResult.of(Status.ERROR, "still full")).startDate(at(minute).atOffset(ZoneOffset.UTC))
                    .changeDate(at(1).atOffset(ZoneOffset.UTC)).executionTime(Duration.ofMillis(120)).build();
            assertThat(executor.recordRun(s, false, Optional.of(Status.ERROR))).isEmpty();
        }

        ServiceHistory h = executor.history("disk").orElseThrow();
        assertThat(h.runs()).extracting(RunEntry::time).containsExactly(at(6), at(7), at(8));
        assertThat(h.events()).extracting(HistoryEvent::status).containsExactly(Status.OK, Status.ERROR);
        assertThat(lines(executor.journal("disk"))).as("compacted").isLessThan(10);
        assertThat(open(3, 2).history("disk").orElseThrow().events()).extracting(HistoryEvent::status)
                .containsExactly(Status.OK, Status.ERROR);
    }

    @Test
    void aRunAnnouncedByAnotherProcessIsTakenInWithoutWaitingForTheNextRun() {
        HistoryStore executor = open(1000, 200);
        run(executor, "disk", at(0), Status.OK, "fine");
        HistoryStore runPromise = open(1000, 200);
        run(runPromise, "disk", at(1), Status.ERROR, "full");
        runPromise.announce("disk");

        assertThat(executor.takeRecordedElsewhere()).containsExactly("disk");

        assertThat(executor.history("disk").orElseThrow().runs()).extracting(RunEntry::status)
                .containsExactly(Status.OK, Status.ERROR);
        assertThat(executor.recentEvents()).extracting(HistoryEvent::status).containsExactly(Status.ERROR, Status.OK);
        assertThat(executor.takeRecordedElsewhere()).isEmpty();
    }

    @Test
    void onlyAStatusChangeMakesAnEventAndItSaysFromWhatToWhat() {
        HistoryStore store = open(1000, 200);

        Optional<HistoryEvent> first = run(store, "disk", at(0), Status.OK, "fine");
        Optional<HistoryEvent> same = run(store, "disk", at(1), Status.OK, "still fine");
        Optional<HistoryEvent> change = run(store, "disk", at(2), Status.WARNING, "91% used");

        assertThat(first).get().extracting(HistoryEvent::previous, HistoryEvent::status)
                .containsExactly(null, Status.OK);
        assertThat(same).isEmpty();
        assertThat(change.orElseThrow().headline()).isEqualTo("[WARNING] Disk space");
        assertThat(change.get().previous()).isEqualTo(Status.OK);
        assertThat(change.get().message()).isEqualTo("91% used");
        assertThat(change.get().time()).isEqualTo(at(2));
        assertThat(change.get().id()).hasSize(32).isNotEqualTo(first.get().id());
    }

    @Test
    void historiesAreBoundedByTheConfiguredSizes() {
        HistoryStore store = open(10, 3);
        for (int i = 0; i < 25; i++) {
            run(store, "disk", at(i), i % 2 == 0 ? Status.OK : Status.ERROR, "run " + i);
        }

        ServiceHistory h = store.history("disk").orElseThrow();
        assertThat(h.runs()).hasSize(10).first().extracting(RunEntry::message).isEqualTo("run 15");
        assertThat(h.events()).extracting(HistoryEvent::message).containsExactly("run 22", "run 23", "run 24");
        assertThat(open(10, 3).history("disk").orElseThrow().runs()).hasSize(10);
    }

    @Test
    void eachRunIsAppendedToTheJournalAndTheJournalIsRewrittenOnlyAtTwiceWhatIsKept() throws Exception {
        HistoryStore store = open(10, 5);
        run(store, "disk", at(0), Status.OK, "fine");
        Path journal = store.journal("disk");
        Object inode = Files.getAttribute(journal, "unix:ino");
        assertThat(lines(journal)).isEqualTo(2);

        for (int i = 1; i < 28; i++) {
            run(store, "disk", at(i), Status.OK, "fine");
        }
        // 2 + 27 lines: below 2 x (10 + 5), so still the same file, appended to.
        assertThat(lines(journal)).isEqualTo(29);
        assertThat(Files.getAttribute(journal, "unix:ino")).isEqualTo(inode);

        run(store, "disk", at(28), Status.OK, "fine");
        assertThat(Files.getAttribute(journal, "unix:ino")).isNotEqualTo(inode);
        // the change, the 10 runs kept, and one span for the runs no longer kept (all OK: merged into one)
        assertThat(lines(journal)).isEqualTo(12);
        assertThat(Files.readAllLines(journal).get(0)).isEqualTo(
                "{\"span\":\"2026-11-21T10:00:00Z\",\"to\":\"2026-11-21T10:19:00Z\",\"s\":\"OK\"}");
        assertThat(open(10, 5).history("disk").orElseThrow().runs()).hasSize(10);
    }

    private HistoryStore openLastRuns(Path in, int runs, int events, int tail) {
        return HistoryStore.openLastRuns(in.resolve("state/history"), in.resolve("public"),
                Clock.system(ZoneOffset.UTC), "https://box.example/", runs, events, 100, tail);
    }

    @Test
    void aStoreThatReadsOnlyTheLastRunsShowsWhatTheIndexShowsAndReadsTheOtherRunsWhenAskedFor() throws Exception {
        HistoryStore full = open(1000, 200);
        for (int i = 0; i < 50; i++) {
            run(full, "disk", at(i), i >= 30 && i < 40 ? Status.ERROR : Status.OK, "run " + i);
        }
        run(full, "web", at(3), Status.WARNING, "slow");
        full.recordAction("disk", "Disk space", Status.OK, "restarted", at(45));
        run(full, "disk", at(50), Status.OK, "run 50");
        // a line cut short by a crash among the last runs: the 21st run from the end takes its place
        Files.writeString(full.journal("disk"), "{\"run\":\"2026-11-21T10:5\n", StandardOpenOption.APPEND);
        run(full, "disk", at(51), Status.OK, "run 51");
        ServiceHistory disk = open(1000, 200).history("disk").orElseThrow();

        HistoryStore last = openLastRuns(dir, 1000, 200, 20);
        ServiceHistory lastDisk = last.history("disk").orElseThrow();

        assertThat(lastDisk.lastRuns(20)).isEqualTo(disk.lastRuns(20));
        assertThat(lastDisk.events()).isEqualTo(disk.events());
        assertThat(lastDisk.uptime(at(60), Duration.ofHours(24))).isEqualTo(disk.uptime(at(60), Duration.ofHours(24)));
        assertThat(last.recentEvents()).isEqualTo(full.recentEvents());
        assertThat(last.history("web").orElseThrow().runs()).isEqualTo(full.history("web").orElseThrow().runs());
        assertThat(lastDisk.lastRunStrip(20).messages()).containsExactly(disk.lastRunStrip(20).messages());
        assertThat(lastDisk.lastRunStrip(22).seconds()).as("more than was read, as a strip")
                .containsExactly(disk.lastRunStrip(22).seconds());
        assertThat(lastDisk.lastRuns(21)).as("more than was read").isEqualTo(disk.lastRuns(21));
        assertThat(lastDisk.runs()).hasSize(52).isEqualTo(disk.runs());
    }

    @Test
    void aRunRecordedThroughAStoreThatReadOnlyTheLastRunsLeavesTheJournalAndPublicHistoryOfAFullStore()
            throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        for (Path in : List.of(a, b)) {
            HistoryStore store = HistoryStore.open(in.resolve("state/history"), in.resolve("public"), ZoneOffset.UTC,
                    "https://box.example/", 10, 5, 100);
            for (int i = 0; i < 28; i++) {
                run(store, "disk", at(i), i % 9 == 8 ? Status.ERROR : Status.OK, "run " + i);
            }
        }
        HistoryStore full = HistoryStore.open(a.resolve("state/history"), a.resolve("public"), ZoneOffset.UTC,
                "https://box.example/", 10, 5, 100);
        HistoryStore last = openLastRuns(b, 10, 5, 3);
        // the journal reaches twice what is kept: this run rewrites it from memory
        for (HistoryStore store : List.of(full, last)) {
            run(store, "disk", at(28), Status.ERROR, "run 28");
            run(store, "disk", at(29), Status.ERROR, "run 29");
            store.publish("disk", at(29), Duration.ofMinutes(5));
        }

        assertThat(Files.readString(last.journal("disk"))).isEqualTo(Files.readString(full.journal("disk")));
        assertThat(Files.readString(last.publicFile("disk"))).isEqualTo(Files.readString(full.publicFile("disk")));
        assertThat(last.history("disk").orElseThrow().runs()).hasSize(10);
    }

    @Test
    void aLastLineCutShortByACrashIsSkippedAndTheRestIsRead() throws Exception {
        HistoryStore store = open(1000, 200);
        run(store, "disk", at(0), Status.OK, "fine");
        run(store, "disk", at(1), Status.ERROR, "full");
        Files.writeString(store.journal("disk"), "{\"run\":\"2026-11-21T10:0", StandardOpenOption.APPEND);

        ServiceHistory h = open(1000, 200).history("disk").orElseThrow();

        assertThat(h.runs()).hasSize(2);
        assertThat(h.events()).hasSize(2);
    }

    @Test
    void thePublicHistoryIsJsonNewestFirstAndRewrittenAtMostOncePerIntervalUnlessTheStatusChanged()
            throws Exception {
        HistoryStore store = open(1000, 200);
        run(store, "disk", at(0), Status.OK, "fine");
        Duration interval = Duration.ofMinutes(5);

        assertThat(store.publish("disk", at(0), interval)).isTrue();
        JsonNode json = new ObjectMapper().readTree(store.publicFile("disk").toFile());
        assertThat(json.get("id").asText()).isEqualTo("disk");
        assertThat(json.get("changes").get(0).get("date").asText()).isEqualTo("2026-11-21T10:00:00+00:00");
        assertThat(json.get("runs").get(0).get("execution-time").asDouble()).isEqualTo(0.12);

        run(store, "disk", at(1), Status.OK, "fine");
        assertThat(store.publish("disk", at(1), interval)).as("a run alone waits for the interval").isFalse();
        assertThat(store.publish("disk", at(5), interval)).isTrue();
        assertThat(new ObjectMapper().readTree(store.publicFile("disk").toFile()).get("runs")).hasSize(2);

        run(store, "disk", at(6), Status.ERROR, "full");
        assertThat(store.publish("disk", at(6), interval)).as("a change is published at once").isTrue();
        JsonNode after = new ObjectMapper().readTree(store.publicFile("disk").toFile());
        assertThat(after.get("changes").get(0).get("status").asText()).isEqualTo("ERROR");
        assertThat(after.get("changes").get(0).get("previous-status").asText()).isEqualTo("OK");
        assertThat(after.get("runs").get(0).get("message").asText()).isEqualTo("full");
        assertThat(store.publish("disk", at(7), interval)).as("nothing new").isFalse();
    }

    @Test
    void aRemovedServiceKeepsItsHistoryUntilTheConfiguredAge() throws Exception {
        HistoryStore store = open(1000, 200);
        run(store, "gone", at(0), Status.ERROR, "broken");
        run(store, "kept", at(0), Status.OK, "fine");
        store.publish("gone", at(0), Duration.ZERO);
        Files.setLastModifiedTime(store.journal("gone"), FileTime.from(at(0)));
        Duration keep = Duration.ofDays(30);

        assertThat(store.purgeRemoved(Set.of("kept"), at(0).plus(keep), keep)).isEmpty();
        assertThat(store.history("gone")).isPresent();

        assertThat(store.purgeRemoved(Set.of("kept"), at(1).plus(keep), keep)).containsExactly("gone");
        assertThat(store.history("gone")).isEmpty();
        assertThat(store.journal("gone")).doesNotExist();
        assertThat(store.publicFile("gone")).doesNotExist();
        assertThat(store.recentEvents()).extracting(HistoryEvent::service).containsExactly("kept");
        assertThat(open(1000, 200).services()).containsExactly("kept");
    }

    @Test
    void anActionDroppedInTheInboxBecomesAnEventOfItsServiceAndABadFileIsRemoved() throws Exception {
        HistoryStore store = open(1000, 200);
        run(store, "kite", at(0), Status.ERROR, "kite down");
        Files.createDirectories(store.actionInbox());
        Files.writeString(store.actionInbox().resolve("1.json"),
                "{\"service\": \"kite\", \"message\": \"sent SIGSEGV to pid 42\", \"date\": \"2026-11-21T10:03:00Z\"}");
        Files.writeString(store.actionInbox().resolve("2.json"), "{\"service\": \"../etc\", \"message\": \"x\"}");

        List<HistoryEvent> added = store.ingestActions(at(5));

        assertThat(added).hasSize(1);
        HistoryEvent action = added.get(0);
        assertThat(action.kind()).isEqualTo(HistoryEvent.Kind.ACTION);
        assertThat(action.headline()).isEqualTo("[ACTION] Disk space");
        assertThat(action.time()).isEqualTo(at(3));
        assertThat(store.history("kite").orElseThrow().events()).last().isEqualTo(action);
        try (var files = Files.list(store.actionInbox())) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void uptimeIsTheShareOfTheWindowSpentOkOrWarningOverThePartTheHistoryCovers() {
        HistoryStore store = open(1000, 200);
        run(store, "disk", T0, Status.OK, "fine");
        run(store, "disk", T0.plus(Duration.ofHours(18)), Status.ERROR, "full");
        run(store, "disk", T0.plus(Duration.ofHours(21)), Status.WARNING, "91%");
        ServiceHistory h = store.history("disk").orElseThrow();
        Instant now = T0.plus(Duration.ofHours(24));

        // Covered: 24 h, of which 3 h ERROR.
        assertThat(h.uptime(now, Duration.ofHours(24))).isEqualTo(21.0 / 24);
        // A week asked, a day known: the day counts.
        assertThat(h.uptime(now, Duration.ofDays(7))).isEqualTo(21.0 / 24);
        // The last 6 hours: 3 h ERROR, 3 h WARNING.
        assertThat(h.uptime(now, Duration.ofHours(6))).isEqualTo(0.5);
        assertThat(open(1000, 200).history("none")).isEmpty();
    }

    @Test
    void longRunMessagesAreCutWithoutSplittingACharacter() {
        String emoji = "\uD83D\uDD25";
        assertThat(HistoryStore.cut("x".repeat(496) + emoji + "tail", 500)).isEqualTo("x".repeat(496) + "...");
        assertThat(HistoryStore.cut("short", 500)).isEqualTo("short");
    }

    @Test
    void aRunInASilenceIsMarkedSilencedInTheJournalAndThePublicHistoryOnly() throws Exception {
        HistoryStore first = open(1000, 200);
        run(first, "disk", at(0), Status.OK, "fine");
        ServiceStatus silenced = ServiceStatus.builder("disk").title("Disk space").result(PromiseResult.error("full"))
                .startDate(at(1).atOffset(ZoneOffset.UTC)).changeDate(at(1).atOffset(ZoneOffset.UTC))
                .quieting(new Quieting(at(30).atOffset(ZoneOffset.UTC), "swap", Status.OK, List.of(), null, null,
                        false)).build();
        first.recordRun(silenced, false, Optional.of(Status.OK));

        ServiceHistory h = open(1000, 200).history("disk").orElseThrow();
        assertThat(h.runs()).extracting(RunEntry::silenced).containsExactly(false, true);
        assertThat(Files.readAllLines(first.journal("disk"))).filteredOn(l -> l.contains("\"silenced\""))
                .containsExactly("{\"run\":\"2026-11-21T10:01:00Z\",\"s\":\"ERROR\",\"m\":\"full\",\"x\":0,"
                        + "\"silenced\":true}");
        String json = first.publicJson(h);
        assertThat(json).contains("\"message\": \"full\",\n      \"execution-time\": 0.000,\n      \"silenced\": true\n    }")
                .containsOnlyOnce("silenced");
    }
}
