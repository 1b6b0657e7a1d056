package io.promisemonitor.core.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.core.promise.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceHistoryTest {

    private static RunEntry run(int i) {
        Status status = Status.values()[i % Status.values().length];
        return new RunEntry(Instant.parse("2026-11-21T10:00:00Z").plusSeconds(60L * i).plusNanos(i * 1_000_123L),
                status, i % 3 == 0 ? "changed at " + i : "same", Duration.ofMillis(100 + i), i % 4 == 1);
    }

    @Test
    void theRingKeepsTheLastRunsInOrderWithTheirExactTimesStatusesMessagesAndDurations() {
        ServiceHistory history = new ServiceHistory("disk", 5, 10, Duration.ofDays(7));
        List<RunEntry> added = new ArrayList<>();
        for (int i = 0; i < 13; i++) {
            RunEntry r = run(i);
            history.add(r);
            added.add(r);
            List<RunEntry> last = added.subList(Math.max(0, added.size() - 5), added.size());
            assertThat(history.runs()).as("after %d runs", i + 1).containsExactlyElementsOf(last);
        }
        assertThat(history.lastRuns(3)).containsExactlyElementsOf(added.subList(10, 13));
        assertThat(history.lastRuns(20)).containsExactlyElementsOf(added.subList(8, 13));
        assertThat(history.version()).isEqualTo(13);
    }

    @Test
    void theStripOfTheLastRunsHoldsWhatTheirEntriesSayOldestFirst() {
        ServiceHistory history = new ServiceHistory("disk", 5, 10, Duration.ofDays(7));
        for (int i = 0; i < 13; i++) {
            history.add(run(i));
        }

        ServiceHistory.RunStrip strip = history.lastRunStrip(3);
        assertThat(strip.size()).isEqualTo(3);
        for (int k = 0; k < 3; k++) {
            RunEntry entry = run(10 + k);
            assertThat(strip.seconds()[k]).isEqualTo(entry.time().getEpochSecond());
            assertThat(strip.statuses()[k]).isEqualTo(entry.status());
            assertThat(strip.messages()[k]).isEqualTo(entry.message());
        }
        assertThat(history.lastRunStrip(20).seconds()).containsExactly(history.runs().stream()
                .mapToLong(r -> r.time().getEpochSecond()).toArray());
        assertThat(new ServiceHistory("new", 5, 10, Duration.ofDays(7)).lastRunStrip(20).size()).isZero();
    }

    @Test
    void aMessageEqualToTheOneBeforeIsKeptOnce() {
        ServiceHistory history = new ServiceHistory("disk", 100, 10, Duration.ofDays(7));
        history.add(new RunEntry(Instant.EPOCH, Status.OK, new String("fine"), Duration.ZERO));
        history.add(new RunEntry(Instant.EPOCH.plusSeconds(60), Status.OK, new String("fine"), Duration.ZERO));
        List<RunEntry> runs = history.runs();
        assertThat(runs.get(1).message()).isSameAs(runs.get(0).message());
    }

    @Test
    void clearForgetsEveryRunAndTheRingFillsAgain() {
        ServiceHistory history = new ServiceHistory("disk", 3, 10, Duration.ofDays(7));
        for (int i = 0; i < 5; i++) {
            history.add(run(i));
        }
        history.clear();
        assertThat(history.runs()).isEmpty();
        history.add(run(7));
        assertThat(history.runs()).containsExactly(run(7));
    }
}
