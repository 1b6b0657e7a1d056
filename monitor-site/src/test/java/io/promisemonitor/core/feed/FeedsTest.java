package io.promisemonitor.core.feed;

import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.core.history.HistoryEvent;
import io.promisemonitor.core.promise.Status;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeedsTest {

    private static HistoryEvent event(String id, String at) {
        return new HistoryEvent(id, "disk", "Disk", HistoryEvent.Kind.CHANGE, Status.OK, null, "fine",
                Instant.parse(at));
    }

    private static List<String> ids(List<HistoryEvent> events) {
        return events.stream().map(HistoryEvent::id).toList();
    }

    @Test
    void eventsInTheOrderTheyHappenedAreGivenNewestFirstUpToTheLimit() {
        List<HistoryEvent> events = List.of(event("a", "2026-11-21T10:00:00Z"), event("b", "2026-11-21T10:01:00Z"),
                event("c", "2026-11-21T10:02:00Z"));

        assertThat(ids(Feeds.newestFirst(events, 2))).containsExactly("c", "b");
        assertThat(ids(Feeds.newestFirst(events, 10))).containsExactly("c", "b", "a");
        assertThat(Feeds.newestFirst(List.of(), 10)).isEmpty();
    }

    @Test
    void eventsOutOfOrderOrAtOneTimeAreSortedNewestFirstThenById() {
        List<HistoryEvent> events = List.of(event("c", "2026-11-21T10:02:00Z"), event("a", "2026-11-21T10:00:00Z"),
                event("z", "2026-11-21T10:01:00Z"), event("y", "2026-11-21T10:01:00Z"));

        assertThat(ids(Feeds.newestFirst(events, 10))).containsExactly("c", "y", "z", "a");
        assertThat(ids(Feeds.newestFirst(List.of(event("z", "2026-11-21T10:01:00Z"),
                event("y", "2026-11-21T10:01:00Z")), 1))).containsExactly("y");
    }
}
