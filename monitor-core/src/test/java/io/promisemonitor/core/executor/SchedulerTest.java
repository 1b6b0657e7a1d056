package io.promisemonitor.core.executor;

import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.core.catalogue.CatalogueChange;
import io.promisemonitor.core.catalogue.CatalogueEntry;
import io.promisemonitor.core.config.MonitorConfig;
import io.promisemonitor.core.testing.MutableClock;
import io.promisemonitor.core.testing.TestConfigs;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What fires when: the plans kept by next firing, through additions, edits, removals and clock jumps. */
class SchedulerTest {

    @TempDir
    Path root;

    private final MutableClock clock = MutableClock.at("2026-12-05T10:00:00Z");

    private TreeMap<String, CatalogueEntry> entries(String... names) {
        MonitorConfig monitor = TestConfigs.monitorConfig(root);
        TreeMap<String, CatalogueEntry> out = new TreeMap<>();
        for (String name : names) {
            out.put(name, new CatalogueEntry(TestConfigs.service(monitor, name).build(), List.of(), name));
        }
        return out;
    }

    private static List<String> names(List<CatalogueEntry> due) {
        return due.stream().map(CatalogueEntry::name).toList();
    }

    private Scheduler spread() {
        return new Scheduler(clock, true, name -> Optional.empty(), Set::of);
    }

    @Test
    void eachServiceFiresOnceAMinuteAtItsOwnOffsetInOrderOfNames() {
        Scheduler scheduler = spread();
        Map<String, CatalogueEntry> all = entries("c", "a", "b");
        scheduler.changed(new CatalogueChange(new TreeMap<>(all), all.keySet(), Set.of(), Set.of(), true,
                clock.instant()));

        assertThat(names(scheduler.due(clock.instant()))).as("new services run at once, by name")
                .containsExactly("a", "b", "c");
        assertThat(scheduler.due(clock.instant())).isEmpty();

        // over the next minute, each fires once, at its offset
        Instant start = clock.instant();
        List<String> fired = new java.util.ArrayList<>();
        for (int tick = 1; tick <= 300; tick++) {
            Instant now = start.plusMillis(200L * tick);
            for (CatalogueEntry e : scheduler.due(now)) {
                fired.add(e.name());
                Duration offset = Scheduler.offsetOf(e.name());
                Instant planned = now.minus(offset).truncatedTo(java.time.temporal.ChronoUnit.MINUTES).plus(offset);
                assertThat(Duration.between(planned, now)).isBetween(Duration.ZERO, Duration.ofMillis(200));
            }
        }
        assertThat(fired).containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void aRemovedServiceNeverFiresAndAnEditedOneIsPlannedOnce() {
        Scheduler scheduler = spread();
        TreeMap<String, CatalogueEntry> all = entries("a", "b", "c");
        scheduler.changed(new CatalogueChange(all, all.keySet(), Set.of(), Set.of(), true, clock.instant()));
        scheduler.due(clock.instant());

        TreeMap<String, CatalogueEntry> after = entries("a", "c");
        clock.advance(Duration.ofSeconds(1));
        scheduler.changed(new CatalogueChange(after, Set.of(), Set.of("c"), Set.of("b"), false, clock.instant()));

        assertThat(names(scheduler.due(clock.instant()))).as("the edited service runs at once").containsExactly("c");
        List<String> fired = new java.util.ArrayList<>();
        for (int s = 0; s < 180; s++) {
            fired.addAll(names(scheduler.due(clock.advance(Duration.ofSeconds(1)))));
        }
        assertThat(fired).as("three minutes: a and c three times each, b never").containsExactlyInAnyOrder(
                "a", "a", "a", "c", "c", "c");
    }

    @Test
    void aLongJumpPlansEveryServiceAgainFromTheNewTime() {
        Scheduler scheduler = spread();
        TreeMap<String, CatalogueEntry> all = entries("a", "b");
        scheduler.changed(new CatalogueChange(all, all.keySet(), Set.of(), Set.of(), true, clock.instant()));
        scheduler.due(clock.instant());

        Instant later = clock.jump(Duration.ofHours(2));
        assertThat(scheduler.timeJumped(later, Duration.ofHours(2))).isFalse();

        assertThat(scheduler.due(later)).as("the skipped firings are not caught up").isEmpty();
        assertThat(names(scheduler.due(later.plusSeconds(61)))).containsExactlyInAnyOrder("a", "b");
    }
}
