package io.promisemonitor.core.quiet;

import static org.assertj.core.api.Assertions.assertThat;

import io.promisemonitor.core.config.ChangeRules;
import io.promisemonitor.core.testing.MutableClock;
import io.promisemonitor.core.testing.TestInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A missing silences folder is remembered by its parent's time: the silence made later is still seen at once. */
class SilencesTest {

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.at("2026-11-21T10:00:30Z");

    @Test
    void aSilenceAddedAfterTheFolderWasFoundMissingSilencesAtOnce() throws Exception {
        TestInstance instance = TestInstance.create(dir.resolve("box"), "spread-starts = no");
        Silences silences = Silences.of(instance.monitor(), clock);
        Path parent = silences.folder().getParent();
        Files.createDirectories(parent);
        // an old parent: the folder's absence is remembered from here on
        Files.setLastModifiedTime(parent, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
        assertThat(Files.exists(silences.folder())).isFalse();
        assertThat(silences.active("disk", ChangeRules.NONE, clock.instant())).isEmpty();
        assertThat(silences.active("disk", ChangeRules.NONE, clock.instant())).isEmpty();

        // another process (the web side) makes the folder and a silence in it
        Silences other = Silences.of(instance.monitor(), clock);
        other.add(false, List.of("disk"), Instant.parse("2026-11-21T11:00:00Z"), "disk swap", "alice");

        assertThat(silences.active("disk", ChangeRules.NONE, clock.instant()))
                .contains(new Silences.Active(Instant.parse("2026-11-21T11:00:00Z"), "disk swap"));
        assertThat(silences.active("web", ChangeRules.NONE, clock.instant())).isEmpty();
    }

    @Test
    void aFolderMadeWithinTheSecondOfItsParentsLastChangeIsNotTakenForMissing() throws Exception {
        TestInstance instance = TestInstance.create(dir.resolve("box"), "spread-starts = no");
        Silences silences = Silences.of(instance.monitor(), clock);
        Path parent = silences.folder().getParent();
        Files.createDirectories(parent);
        assertThat(silences.active("disk", ChangeRules.NONE, clock.instant())).isEmpty();
        // the folder is made, and the parent's time set back to the one seen: only a fresh look finds the silence
        FileTime seen = Files.getLastModifiedTime(parent);
        Silences.of(instance.monitor(), clock).add(true, List.of(), Instant.parse("2026-11-21T11:00:00Z"), "",
                "alice");
        Files.setLastModifiedTime(parent, seen);

        assertThat(silences.active("disk", ChangeRules.NONE, clock.instant()))
                .contains(new Silences.Active(Instant.parse("2026-11-21T11:00:00Z"), "silenced"));
    }
}
